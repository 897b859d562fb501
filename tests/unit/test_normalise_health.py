from __future__ import annotations

import pytest

from bot.intake.answers import Unclear
from bot.intake.normalise import normalise
from bot.intake.parsing.text import someone_elses
from tests.unit.normalising import CONTEXT, parsed


@pytest.mark.parametrize("slot", ["medical_conditions", "medications", "substance_use"])
@pytest.mark.parametrize("text", ["no", "nope, nothing", "none", "n/a", "nothing at all thanks"])
def test_list_slots_said_none_are_empty(slot: str, text: str) -> None:
    assert parsed(slot, text) == []


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("diabetes", [("diabetes", "endocrine")]),
        (
            "type 2 diabetes and high blood pressure",
            [("type 2 diabetes", "endocrine"), ("hypertension", "cardiovascular")],
        ),
        (
            "I had a hysterectomy in 2020, and menopause",
            [("hysterectomy", "surgical"), ("menopause", "reproductive")],
        ),
        ("prostate cancer, treated", [("prostate cancer", "cancer")]),
        ("hypothyroidism", [("hypothyroidism", "endocrine")]),
        ("I'm pregnant", [("pregnancy", "reproductive")]),
        (
            "endometriosis and PCOS",
            [("endometriosis", "reproductive"), ("polycystic ovary syndrome", "endocrine")],
        ),
        ("MS", [("multiple sclerosis", "neurological")]),
        ("heart disease", [("heart disease", "cardiovascular")]),
        ("low blood pressure", [("hypotension", "cardiovascular")]),
        ("no diabetes, but asthma", [("asthma", "respiratory")]),
    ],
)
def test_medical_conditions_from_the_lexicon(text: str, conditions: list[tuple[str, str]]) -> None:
    assert parsed("medical_conditions", text) == [{"name": n, "category": c} for n, c in conditions]


@pytest.mark.parametrize(
    "text", ["nope, no diabetes or heart stuff", "no issues with my heart or BP", "no heart trouble"]
)
def test_conditions_named_only_to_deny_them_are_said_none(text: str) -> None:
    assert parsed("medical_conditions", text) == []


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("heart stuff", ["heart disease"]),
        ("heart problems", ["heart disease"]),
        ("i have heart problems", ["heart disease"]),
        ("no heart stuff but i have diabetes", ["diabetes"]),
        ("nope, no diabetes or heart stuff, just asthma", ["asthma"]),
        ("heartburn", ["acid reflux"]),
    ],
)
def test_heart_stuff_is_heart_disease_only_when_affirmed(text: str, conditions: list[str]) -> None:
    assert [c["name"] for c in parsed("medical_conditions", text)] == conditions


def test_unrecognised_medical_condition_is_kept_as_said() -> None:
    assert parsed("medical_conditions", "I have a weird rash sometimes") == [
        {"name": "a weird rash sometimes", "category": None}
    ]


def _meds(text: str) -> list[tuple[str, str | None, bool]]:
    return [
        (m["name"], m["drug_class"], m["sexual_side_effects_known"])  # type: ignore[index]
        for m in parsed("medications", text)  # type: ignore[union-attr]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoloft 50mg daily", [("sertraline", "ssri", True)]),
        ("sertraline", [("sertraline", "ssri", True)]),
        ("prozac", [("fluoxetine", "ssri", True)]),
        ("Lexapro 10 mg", [("escitalopram", "ssri", True)]),
        ("celexa", [("citalopram", "ssri", True)]),
        ("Paxil", [("paroxetine", "ssri", True)]),
        ("Effexor XR", [("venlafaxine", "snri", True)]),
        ("cymbalta", [("duloxetine", "snri", True)]),
        ("pristiq", [("desvenlafaxine", "snri", True)]),
        ("wellbutrin", [("bupropion", "ndri", False)]),
        ("mirtazapine", [("mirtazapine", "tetracyclic_antidepressant", False)]),
        ("trazodone to sleep", [("trazodone", "sari", False)]),
        ("seroquel", [("quetiapine", "antipsychotic", True)]),
        ("abilify", [("aripiprazole", "antipsychotic", True)]),
        ("metoprolol", [("metoprolol", "beta_blocker", True)]),
        ("propranolol as needed", [("propranolol", "beta_blocker", True)]),
        ("HCTZ 25 mg", [("hydrochlorothiazide", "thiazide_diuretic", True)]),
        ("chlorthalidone", [("chlorthalidone", "thiazide_diuretic", True)]),
        ("lisinopril", [("lisinopril", "ace_inhibitor", False)]),
        ("losartan", [("losartan", "arb", False)]),
        ("lipitor", [("atorvastatin", "statin", False)]),
        ("metformin", [("metformin", "biguanide", False)]),
        ("synthroid", [("levothyroxine", "thyroid_hormone", False)]),
        ("the pill", [("hormonal contraceptive", "hormonal_contraceptive", True)]),
        ("birth control", [("hormonal contraceptive", "hormonal_contraceptive", True)]),
        ("birth control pill", [("hormonal contraceptive", "hormonal_contraceptive", True)]),
        ("Yaz", [("drospirenone/ethinyl estradiol", "hormonal_contraceptive", True)]),
        ("NuvaRing", [("etonogestrel/ethinyl estradiol ring", "hormonal_contraceptive", True)]),
        ("Mirena IUD", [("levonorgestrel iud", "hormonal_contraceptive", True)]),
        ("Depo", [("medroxyprogesterone acetate injection", "hormonal_contraceptive", True)]),
        ("the implant", [("etonogestrel implant", "hormonal_contraceptive", True)]),
        ("Nexplanon", [("etonogestrel implant", "hormonal_contraceptive", True)]),
        ("propecia", [("finasteride", "5_alpha_reductase_inhibitor", True)]),
        ("dutasteride", [("dutasteride", "5_alpha_reductase_inhibitor", True)]),
        ("tramadol", [("tramadol", "opioid", True)]),
        ("suboxone", [("buprenorphine", "opioid", True)]),
        ("viagra", [("sildenafil", "pde5_inhibitor", False)]),
        ("cialis", [("tadalafil", "pde5_inhibitor", False)]),
        ("xanax", [("alprazolam", "benzodiazepine", True)]),
        ("gabapentin", [("gabapentin", "gabapentinoid", True)]),
        ("lithium", [("lithium", "mood_stabilizer", True)]),
        ("lamictal", [("lamotrigine", "anticonvulsant", False)]),
        ("spironolactone", [("spironolactone", "aldosterone_antagonist", True)]),
        ("testosterone gel", [("testosterone", "androgen", False)]),
        ("HRT", [("hormone replacement therapy", "menopausal_hormone_therapy", False)]),
        ("tamoxifen", [("tamoxifen", "serm", True)]),
        ("letrozole", [("letrozole", "aromatase_inhibitor", True)]),
        ("lupron", [("leuprolide", "gnrh_agonist", True)]),
        ("cimetidine", [("cimetidine", "h2_blocker", True)]),
        ("amitriptyline", [("amitriptyline", "tca", True)]),
        ("zolft", [("sertraline", "ssri", True)]),
    ],
)
def test_medication_is_its_generic_name_and_class(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _meds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # alpha blockers for the prostate: ejaculatory dysfunction (retrograde or absent ejaculation)
        ("tamsulosin", [("tamsulosin", "alpha_blocker", True)]),
        ("Flomax", [("tamsulosin", "alpha_blocker", True)]),
        ("flomax 0.4mg for my prostate", [("tamsulosin", "alpha_blocker", True)]),
        ("alfuzosin", [("alfuzosin", "alpha_blocker", True)]),
        ("Uroxatral", [("alfuzosin", "alpha_blocker", True)]),
        ("silodosin", [("silodosin", "alpha_blocker", True)]),
        ("Rapaflo", [("silodosin", "alpha_blocker", True)]),
        ("finasteride", [("finasteride", "5_alpha_reductase_inhibitor", True)]),
        ("Propecia", [("finasteride", "5_alpha_reductase_inhibitor", True)]),
        ("Proscar", [("finasteride", "5_alpha_reductase_inhibitor", True)]),
        ("Avodart", [("dutasteride", "5_alpha_reductase_inhibitor", True)]),
        ("Aldactone", [("spironolactone", "aldosterone_antagonist", True)]),
        ("tadalafil", [("tadalafil", "pde5_inhibitor", False)]),
        ("sildenafil", [("sildenafil", "pde5_inhibitor", False)]),
        ("vardenafil", [("vardenafil", "pde5_inhibitor", False)]),
        ("Levitra", [("vardenafil", "pde5_inhibitor", False)]),
        ("flibanserin", [("flibanserin", "libido_enhancer", False)]),
        ("Addyi", [("flibanserin", "libido_enhancer", False)]),
        ("bremelanotide", [("bremelanotide", "libido_enhancer", False)]),
        ("Vyleesi", [("bremelanotide", "libido_enhancer", False)]),
        ("testosterone", [("testosterone", "androgen", False)]),
        ("estradiol", [("estradiol", "estrogen", False)]),
        ("medroxyprogesterone", [("medroxyprogesterone", "progestin", False)]),
        ("Depo-Provera", [("medroxyprogesterone acetate injection", "hormonal_contraceptive", True)]),
        (
            "Flomax and Cialis",
            [("tamsulosin", "alpha_blocker", True), ("tadalafil", "pde5_inhibitor", False)],
        ),
    ],
)
def test_urology_and_sexual_health_medicines_are_their_generic_name_and_class(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _meds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # UK and European brands: before, "testogel" was read as a slip for estrogel (estradiol) and
        # the pill brands were kept as unknown words with no class.
        ("Testogel", [("testosterone", "androgen", False)]),
        ("tostran gel", [("testosterone", "androgen", False)]),
        ("nebido injections every 12 weeks", [("testosterone", "androgen", False)]),
        ("Sustanon", [("testosterone", "androgen", False)]),
        ("microgynon 30", [("levonorgestrel/ethinyl estradiol", "hormonal_contraceptive", True)]),
        ("Rigevidon", [("levonorgestrel/ethinyl estradiol", "hormonal_contraceptive", True)]),
        ("cerazette", [("desogestrel", "hormonal_contraceptive", True)]),
        ("the mini pill (cerelle)", [("desogestrel", "hormonal_contraceptive", True)]),
        ("Marvelon", [("desogestrel/ethinyl estradiol", "hormonal_contraceptive", True)]),
        ("femodette", [("gestodene/ethinyl estradiol", "hormonal_contraceptive", True)]),
        ("dianette for my skin", [("cyproterone/ethinyl estradiol", "hormonal_contraceptive", True)]),
        ("Jaydess coil", [("levonorgestrel iud", "hormonal_contraceptive", True)]),
        ("sayana press", [("medroxyprogesterone acetate injection", "hormonal_contraceptive", True)]),
        ("evorel patches", [("estradiol", "estrogen", False)]),
        (
            "Oestrogel and utrogestan",
            [("estradiol", "estrogen", False), ("progesterone", "progestin", False)],
        ),
    ],
)
def test_uk_and_european_brand_names_are_their_generic_name_and_class(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _meds(text) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("my doctor prescribed sertraline", ["sertraline"]),
        ("my doctor just put me on lexapro", ["escitalopram"]),
        ("my doctor upped my wellbutrin", ["bupropion"]),
    ],
)
def test_a_medicine_the_doctor_prescribed_is_the_clients(text: str, names: list[str]) -> None:
    assert [m["name"] for m in parsed("medications", text)] == names  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    ("item", "theirs"),
    [
        ("my doctor suspects diabetes", False),
        ("my doctor prescribed sertraline", False),
        ("my doctor's testing for diabetes", False),
        ("my doctor has diabetes herself", True),
        ("my husband is on viagra", True),
        ("my dad has diabetes", True),
    ],
)
def test_a_doctor_reporting_on_the_client_is_about_the_client(item: str, theirs: bool) -> None:
    assert someone_elses(item) is theirs


def test_several_medications_each_keep_what_was_said() -> None:
    value = parsed("medications", "Zoloft 50mg and the pill")

    assert value == [
        {
            "name": "sertraline",
            "as_said": "Zoloft 50mg",
            "drug_class": "ssri",
            "sexual_side_effects_known": True,
        },
        {
            "name": "hormonal contraceptive",
            "as_said": "the pill",
            "drug_class": "hormonal_contraceptive",
            "sexual_side_effects_known": True,
        },
    ]


def test_medication_lead_in_words_are_dropped_from_as_said() -> None:
    assert parsed("medications", "I take Effexor for hot flashes") == [
        {
            "name": "venlafaxine",
            "as_said": "Effexor for hot flashes",
            "drug_class": "snri",
            "sexual_side_effects_known": True,
        }
    ]


def test_a_list_of_medications_is_split() -> None:
    names = [m[0] for m in _meds("metoprolol, lisinopril, atorvastatin and metformin")]

    assert names == ["metoprolol", "lisinopril", "atorvastatin", "metformin"]


def test_unknown_medication_is_kept_lower_case_without_dose() -> None:
    assert parsed("medications", "Floradix 10ml daily") == [
        {
            "name": "floradix",
            "as_said": "Floradix 10ml daily",
            "drug_class": None,
            "sexual_side_effects_known": False,
        }
    ]


def test_a_remark_about_a_medication_is_not_another_medication() -> None:
    value = parsed("medications", "lisinopril and sometimes viagra but it doesnt help much")

    assert [(m["name"], m["as_said"]) for m in value] == [
        ("lisinopril", "lisinopril"),
        ("sildenafil", "sometimes viagra"),
    ]


def test_an_unnamed_medicine_keeps_what_it_is_for() -> None:
    assert [m["name"] for m in parsed("medications", "something for my thyroid")] == [
        "something for my thyroid"
    ]


def test_a_medication_that_was_stopped_is_not_current() -> None:
    assert parsed("medications", "I stopped taking prozac last year") == []


@pytest.mark.parametrize(
    ("text", "uses"),
    [
        ("a glass of wine most nights", [("alcohol", "daily")]),
        ("I smoke weed on weekends", [("cannabis", "weekly")]),
        ("social drinker", [("alcohol", "occasional")]),
        ("I vape", [("tobacco", None)]),
        ("a pack a day", [("tobacco", "daily")]),
        ("I quit smoking 5 years ago", [("tobacco", "former")]),
        ("I don't smoke but I drink beer on weekends", [("alcohol", "weekly")]),
        ("occasionally some coke at parties", [("cocaine", "occasional")]),
        ("rarely drink", [("alcohol", "rarely")]),
        ("2 beers a week and edibles sometimes", [("alcohol", "weekly"), ("cannabis", "occasional")]),
        ("shrooms once a year", [("psychedelics", "rarely")]),
        ("A sherry at Christmas", [("alcohol", "rarely")]),
        ("more wine than I should, most nights", [("alcohol", "daily")]),
        ("a cider or two on weekends", [("alcohol", "weekly")]),
    ],
)
def test_substance_use(text: str, uses: list[tuple[str, str | None]]) -> None:
    assert parsed("substance_use", text) == [{"substance": s, "frequency": f} for s, f in uses]


@pytest.mark.parametrize("text", ["I don't drink or smoke", "I don't drink", "never"])
def test_substance_use_none_is_empty(text: str) -> None:
    assert parsed("substance_use", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "nope all good",
        "nah mate",
        "nope, all good here",
        "nah mate, nothing",
        "not really, I'm good",
        "nothing, I'm boring lol",
        "non drinker",
        "non-drinker",
        "nondrinker",
        "I'm a non drinker and non smoker",
        "never touch the stuff",
        "no alcohol, no drugs",
    ],
)
def test_substance_use_said_none_in_chat_words_is_empty_not_unclear(text: str) -> None:
    assert parsed("substance_use", text) == []


@pytest.mark.parametrize(
    ("text", "uses"),
    [
        ("no alcohol but weed at weekends", [("cannabis", "weekly")]),
        ("non drinker but I smoke weed sometimes", [("cannabis", "occasional")]),
        ("I don't drink, but I vape", [("tobacco", None)]),
        ("I don't drink much", [("alcohol", "occasional")]),
        ("don't really smoke that much", [("tobacco", "occasional")]),
    ],
)
def test_substance_use_a_denial_beside_use_keeps_the_use(
    text: str, uses: list[tuple[str, str | None]]
) -> None:
    assert parsed("substance_use", text) == [{"substance": s, "frequency": f} for s, f in uses]


@pytest.mark.parametrize("slot", ["medical_conditions", "medications"])
@pytest.mark.parametrize("text", ["nope all good", "nah mate", "not really, I'm good"])
def test_list_slots_said_none_in_chat_words_are_empty_not_kept_as_a_name(slot: str, text: str) -> None:
    assert parsed(slot, text) == []


@pytest.mark.parametrize(
    ("text", "how_often"), [("rarely", "rarely"), ("occasionally", "occasional"), ("weekends", "weekly")]
)
def test_how_often_without_what_is_kept_as_an_unspecified_substance(text: str, how_often: str) -> None:
    assert parsed("substance_use", text) == [{"substance": "unspecified", "frequency": how_often}]


@pytest.mark.parametrize("text", ["socially", "just socially", "yeah socially"])
def test_drinking_socially_said_without_the_drink_is_occasional_alcohol(text: str) -> None:
    assert parsed("substance_use", text) == [{"substance": "alcohol", "frequency": "occasional"}]


def test_substance_use_without_a_substance_is_unclear() -> None:
    assert isinstance(normalise("substance_use", "coffee every day lol", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "diagnoses", "treatment"),
    [
        ("depression and anxiety", ["depression", "anxiety"], None),
        ("GAD, I see a therapist weekly", ["generalized anxiety disorder"], "I see a therapist weekly"),
        ("I was diagnosed with ADHD as a kid and I take Adderall", ["adhd"], "I take Adderall"),
        ("bipolar, on lithium", ["bipolar disorder"], "on lithium"),
        ("ptsd but not treated", ["ptsd"], None),
        ("OCD and an eating disorder in my teens", ["ocd", "eating disorder"], None),
        ("I'm in therapy for stress", [], "I'm in therapy for stress"),
    ],
)
def test_mental_health_history(text: str, diagnoses: list[str], treatment: str | None) -> None:
    assert parsed("mental_health_history", text) == {"diagnoses": diagnoses, "current_treatment": treatment}


def test_on_and_off_is_how_long_a_diagnosis_lasted_not_a_treatment() -> None:
    value = parsed("mental_health_history", "I've had depression on and off, the sertraline is for that")

    assert value == {"diagnoses": ["depression"], "current_treatment": "the sertraline is for that"}


@pytest.mark.parametrize("text", ["no", "nope, none", "nothing"])
def test_mental_health_history_none(text: str) -> None:
    assert parsed("mental_health_history", text) == {"diagnoses": [], "current_treatment": None}


def test_mental_health_history_not_understood_is_unclear() -> None:
    assert isinstance(
        normalise("mental_health_history", "I struggled a bit in college", context=CONTEXT), Unclear
    )


@pytest.mark.parametrize("slot", ["medical_conditions", "medications", "substance_use"])
def test_list_slots_with_a_bare_yes_are_unclear(slot: str) -> None:
    assert isinstance(normalise(slot, "yes", context=CONTEXT), Unclear)


@pytest.mark.parametrize("slot", ["medical_conditions", "medications"])
@pytest.mark.parametrize("text", ["idk", "not sure", "dunno tbh"])
def test_not_knowing_is_not_stored_as_a_condition_or_a_medicine(slot: str, text: str) -> None:
    assert isinstance(normalise(slot, text, context=CONTEXT), Unclear)


def test_not_being_sure_beside_a_named_condition_keeps_only_the_condition_as_suspected() -> None:
    assert parsed("medical_conditions", "not sure, maybe diabetes") == [
        {"name": "diabetes (suspected)", "category": "endocrine"}
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("suspected diabetes", ["diabetes (suspected)"]),
        ("self-diagnosed diabetes", ["diabetes (suspected)"]),
        ("possibly PCOS", ["polycystic ovary syndrome (suspected)"]),
        ("PCOS?", ["polycystic ovary syndrome (suspected)"]),
        ("I think I have endometriosis", ["endometriosis (suspected)"]),
        ("endometriosis, not officially diagnosed", ["endometriosis (suspected)"]),
        ("getting tested for diabetes", ["diabetes (suspected)"]),
        ("diabetes and maybe high blood pressure", ["diabetes", "hypertension (suspected)"]),
        ("diabetes, I think that's it", ["diabetes"]),
        ("my doctor suspects diabetes", ["diabetes (suspected)"]),
        ("my doctor thinks it's PCOS", ["polycystic ovary syndrome"]),
        ("my doctor is testing for endometriosis", ["endometriosis (suspected)"]),
        ("my doctor diagnosed hypothyroidism last year", ["hypothyroidism"]),
        ("my doctor says I have high blood pressure", ["hypertension"]),
    ],
)
def test_a_condition_suspected_but_not_diagnosed_is_marked_suspected(text: str, names: list[str]) -> None:
    assert [c["name"] for c in parsed("medical_conditions", text)] == names  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    ("text", "conditions"),
    [
        ("eczema", [("eczema", "dermatological")]),
        ("psoriasis and eczema", [("psoriasis", "dermatological"), ("eczema", "dermatological")]),
        ("BV", [("bacterial vaginosis", "infectious")]),
        ("bacterial vaginosis", [("bacterial vaginosis", "infectious")]),
        ("thrush", [("yeast infections", "infectious")]),
        ("lichen planus", [("lichen planus", "dermatological")]),
        ("lichen sclerosus", [("lichen sclerosus", "dermatological")]),
        ("long covid", [("long covid", "infectious")]),
        ("chronic fatigue", [("chronic fatigue syndrome", "autoimmune")]),
    ],
)
def test_conditions_that_were_read_as_a_similar_one_are_their_own(
    text: str, conditions: list[tuple[str, str]]
) -> None:
    assert parsed("medical_conditions", text) == [{"name": n, "category": c} for n, c in conditions]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ms Jones my GP said it's eczema", ["eczema"]),
        ("Ms. Patel thinks it's BV", ["bacterial vaginosis"]),
        ("ms Jones said eczema", ["eczema"]),
        ("Dr. Kim said eczema", ["eczema"]),
        ("MS", ["multiple sclerosis"]),
        ("I have MS", ["multiple sclerosis"]),
        ("ms", ["multiple sclerosis"]),
        ("MS and asthma", ["multiple sclerosis", "asthma"]),
    ],
)
def test_ms_before_a_name_is_a_title_not_multiple_sclerosis(text: str, names: list[str]) -> None:
    assert [c["name"] for c in parsed("medical_conditions", text)] == names  # type: ignore[index, union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "BP",
        "high BP",
        "HBP",
        "HTN",
        "blood pressure issues",
        "my bp is high",
        "BP is a bit high",
        "I have BP",
        "hypertensive",
        "bp problems",
        "elevated blood pressure",
    ],
)
def test_blood_pressure_in_everyday_words_is_hypertension(text: str) -> None:
    assert parsed("medical_conditions", text) == [{"name": "hypertension", "category": "cardiovascular"}]


@pytest.mark.parametrize("text", ["low bp", "my bp runs low", "low blood pressure"])
def test_low_blood_pressure_is_not_hypertension(text: str) -> None:
    assert [c["name"] for c in parsed("medical_conditions", text)] == ["hypotension"]


def test_bp_beside_other_conditions_is_one_of_them() -> None:
    conditions = parsed("medical_conditions", "diabetes and BP, plus a bad back")

    assert {c["name"] for c in conditions} >= {"diabetes", "hypertension"}


@pytest.mark.parametrize(
    "text",
    [
        "I'm on an antidepressant",
        "some antidepressants",
        "anti-depressants",
        "an anti depressant",
        "depression meds",
        "meds for my depression",
        "something for my depression",
    ],
)
def test_an_unnamed_antidepressant_is_recorded_with_known_sexual_side_effects(text: str) -> None:
    [medication] = parsed("medications", text)

    assert (medication["name"], medication["drug_class"], medication["sexual_side_effects_known"]) == (
        "antidepressant",
        "antidepressant",
        True,
    )


@pytest.mark.parametrize(
    ("text", "name", "drug_class"),
    [
        ("an SSRI", "ssri", "ssri"),
        ("SSRIs", "ssri", "ssri"),
        ("an snri", "snri", "snri"),
        ("an antipsychotic", "antipsychotic", "antipsychotic"),
        ("blood pressure pills", "blood pressure medication", "antihypertensive"),
        ("bp pills", "blood pressure medication", "antihypertensive"),
        ("something for my blood pressure", "blood pressure medication", "antihypertensive"),
        ("a beta blocker", "beta blocker", "beta_blocker"),
        ("beta-blockers for anxiety", "beta blocker", "beta_blocker"),
        ("the pill", "hormonal contraceptive", "hormonal_contraceptive"),
        ("birth control", "hormonal contraceptive", "hormonal_contraceptive"),
        ("my bc pill", "hormonal contraceptive", "hormonal_contraceptive"),
    ],
)
def test_a_class_named_without_the_medicine_is_that_class_with_known_sexual_side_effects(
    text: str, name: str, drug_class: str
) -> None:
    [medication] = parsed("medications", text)

    assert (medication["name"], medication["drug_class"], medication["sexual_side_effects_known"]) == (
        name,
        drug_class,
        True,
    )


def test_a_named_antidepressant_beside_an_unnamed_one_keeps_both() -> None:
    names = [m["name"] for m in parsed("medications", "lexapro and another antidepressant")]

    assert names == ["escitalopram", "antidepressant"]


@pytest.mark.parametrize(
    ("text", "diagnosis"),
    [("anxeity", "anxiety"), ("depresion", "depression"), ("bipoler", "bipolar disorder")],
)
def test_a_diagnosis_typed_with_a_slip_is_still_read(text: str, diagnosis: str) -> None:
    assert parsed("mental_health_history", text)["diagnoses"] == [diagnosis]


def test_a_negated_diagnosis_typed_with_a_slip_is_not_a_diagnosis() -> None:
    assert isinstance(normalise("mental_health_history", "no anxeity", context=CONTEXT), Unclear)


@pytest.mark.parametrize("text", ["sugar", "sugar and BP", "high sugar", "sugar problem"])
def test_sugar_as_a_condition_is_diabetes(text: str) -> None:
    assert "diabetes" in [c["name"] for c in parsed("medical_conditions", text)]


def test_an_unnamed_bp_tablet_is_a_blood_pressure_medication_and_not_knowing_its_name_is_no_medicine() -> (
    None
):
    names = [m["name"] for m in parsed("medications", "metformin and one bp tablet, dont know name")]

    assert names == ["metformin", "blood pressure medication"]


@pytest.mark.parametrize(
    "text",
    [
        "no BP issues",
        "no blood pressure problems",
        "no heart problems or anything",
        "no health issues",
        "I don't have diabetes or high blood pressure",
        "nope no heart disease",
        "I dont have diabetes",
    ],
)
def test_a_condition_denied_with_nothing_else_named_is_said_none(text: str) -> None:
    assert parsed("medical_conditions", text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("no BP issues but I have diabetes", ["diabetes"]),
        ("i dont have diabetes, i have asthma", ["asthma"]),
        ("no diabetes or heart disease, but I have PCOS", ["polycystic ovary syndrome"]),
        ("nothing except high BP", ["hypertension"]),
        ("no conditions apart from asthma", ["asthma"]),
        ("high blood pressure", ["hypertension"]),
    ],
)
def test_a_condition_named_beside_a_denial_is_kept(text: str, names: list[str]) -> None:
    assert [c["name"] for c in parsed("medical_conditions", text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "no antidepressants or anything",
        "not on zoloft or the pill",
        "I don't take viagra or anything like that",
        "no BP meds",
    ],
)
def test_a_medication_denied_with_nothing_else_named_is_said_none(text: str) -> None:
    assert parsed("medications", text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("not taking anything except metformin", ["metformin"]),
        ("nothing other than the pill", ["hormonal contraceptive"]),
        ("not on antidepressants but I take the pill", ["hormonal contraceptive"]),
        ("zoloft 50mg and the pill", ["sertraline", "hormonal contraceptive"]),
    ],
)
def test_a_medication_named_beside_a_denial_is_kept(text: str, names: list[str]) -> None:
    assert [m["name"] for m in parsed("medications", text)] == names


@pytest.mark.parametrize(
    ("text", "substance"),
    [
        ("i don't drink anymore", "alcohol"),
        ("I dont smoke any more", "tobacco"),
        ("don't use weed anymore", "cannabis"),
    ],
)
def test_a_substance_no_longer_used_is_former_not_none(text: str, substance: str) -> None:
    assert parsed("substance_use", text) == [{"substance": substance, "frequency": "former"}]


@pytest.mark.parametrize(
    "text", ["i don't smoke", "never smoked", "never smoked or vaped", "teetotal", "I'm teetotal"]
)
def test_substances_never_used_are_none(text: str) -> None:
    assert parsed("substance_use", text) == []


def test_never_smoked_beside_a_substance_used_keeps_the_substance() -> None:
    assert parsed("substance_use", "never smoked but I vape daily") == [
        {"substance": "tobacco", "frequency": "daily"}
    ]


@pytest.mark.parametrize("text", ["nothing serious", "no major health problems", "nothing major"])
def test_nothing_serious_is_said_none(text: str) -> None:
    assert parsed("medical_conditions", text) == []


def test_nothing_major_beside_a_condition_keeps_only_the_condition() -> None:
    assert [c["name"] for c in parsed("medical_conditions", "nothing major, bit of asthma")] == ["asthma"]


@pytest.mark.parametrize(
    ("slot", "text", "names"),
    [
        ("medications", "just the pill. my husband is on viagra though", ["hormonal contraceptive"]),
        ("medications", "sertraline, and my wife is on prozac", ["sertraline"]),
        ("medications", "my doctor put me on sertraline", ["sertraline"]),
        ("medications", "sertraline which my doctor prescribed", ["sertraline"]),
        ("medications", "my wife and i both take vitamin d", ["vitamin d"]),
        ("medical_conditions", "asthma, my dad has diabetes", ["asthma"]),
        ("medical_conditions", "my wife and I both have asthma", ["asthma"]),
    ],
)
def test_a_list_item_about_someone_else_is_not_the_clients(slot: str, text: str, names: list[str]) -> None:
    assert [item["name"] for item in parsed(slot, text)] == names


def test_only_someone_elses_medication_names_none_of_the_clients() -> None:
    assert isinstance(normalise("medications", "my husband is on viagra", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("slot", "text"),
    [
        ("medications", "none, my partner's on antidepressants though"),
        ("substance_use", "my husband drinks a lot, I don't"),
        ("medical_conditions", "my husband had prostate cancer, I'm fine"),
        ("medical_conditions", "fine"),
    ],
)
def test_none_for_oneself_beside_someone_elses_list_is_said_none(slot: str, text: str) -> None:
    assert parsed(slot, text) == []


@pytest.mark.parametrize(
    ("slot", "text", "names"),
    [
        ("substance_use", "I drink wine, my husband doesn't", ["alcohol"]),
        (
            "medical_conditions",
            "endometriosis, diagnosed 2019, and I had a c-section in 2022",
            ["endometriosis", "c-section"],
        ),
        ("medical_conditions", "asthma since 2010", ["asthma"]),
    ],
)
def test_the_clients_own_items_are_kept_and_dates_are_not_items(
    slot: str, text: str, names: list[str]
) -> None:
    assert [item.get("name", item.get("substance")) for item in parsed(slot, text)] == names


def test_only_someone_elses_drinking_is_unclear() -> None:
    assert isinstance(normalise("substance_use", "my husband drinks a lot", context=CONTEXT), Unclear)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("sertraline, sorry I mean citalopram", ["citalopram"]),
        ("Zoloft, no wait, Lexapro", ["escitalopram"]),
        ("zoloft and the pill, sorry I mean the patch", ["sertraline", "hormonal contraceptive"]),
    ],
)
def test_a_medication_corrected_inside_the_answer_is_only_the_one_meant(text: str, names: list[str]) -> None:
    assert [m["name"] for m in parsed("medications", text)] == names  # type: ignore[index, union-attr]


def test_the_self_harm_answer_is_never_read_as_corrected_so_a_disclosure_stays() -> None:
    assert parsed("self_harm", "I cut myself, I meant only once") == "active"
