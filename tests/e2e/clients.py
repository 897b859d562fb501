"""Fake prospective clients (obviously fictional) and how they answer each question.

Each client answers whatever question the assistant asks (the tracker's `requested_slot`), the
way a real client would: in their own words, sometimes interrupting with a question first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COMMON = {
    "consent_given": "yes",
    "phq2_interest": "not at all",
    "phq2_mood": "not at all",
    "gad2_nervous": "several days",
    "gad2_worry": "not at all",
    "self_harm": "no",
    "relationship_safety": "yes I feel safe",
    "trauma_history": "no",
    "anything_else": "no that's all",
}


@dataclass
class FakeClient:
    name: str
    answers: dict[str, str | list[str]]
    expected: dict[str, Any]
    # messages sent just before answering a slot: FAQ questions, "why do you ask?", corrections
    before: dict[str, list[str]] = field(default_factory=dict)
    expected_flags: set[str] = field(default_factory=set)
    never_asked: set[str] = field(default_factory=set)
    opening: str = "hi"

    def answer(self, slot: str, times_asked: int) -> str:
        answer = {**COMMON, **self.answers}[slot]
        if isinstance(answer, list):
            return answer[min(times_asked, len(answer) - 1)]
        return answer


ALPHA = FakeClient(
    name="alpha",
    answers={
        "age": "45",
        "preferred_name": "Alpha",
        "pronouns": "she/her",
        "email": "Test.Alpha@Example.test",
        "phone": "(908) 555-0100",
        "contact_preference": "email please",
        "session_format": "either",
        "location": "freehold",
        "availability": "Thursday mornings",
        "seeking_for": "as a couple",
        "relationship_status": "married",
        "relationship_length": "18 years",
        "partner_involvement": "they will attend too",
        "main_concern": "Since menopause started sex hurts and I've stopped wanting it, and my husband takes it personally",
        "onset": "about 18 months ago when menopause started",
        "context": "every time",
        "better_when": "when we take things slowly",
        "worse_when": "when I'm tired and when we argue about it",
        "distress": "6",
        "medical_conditions": "menopause",
        "medications": "Effexor for hot flashes",
        "substance_use": "a glass of wine now and then",
        "mental_health_history": "none",
        "phq2_interest": "several days",
        "gad2_worry": "several days",
        "prior_therapy": "no, never",
        "goals": "Enjoy intimacy again without pain and stop fighting about it",
    },
    expected={
        "status": "complete",
        "client.age": 45,
        "client.preferred_name": "Alpha",
        "client.pronouns": "she/her",
        "client.contact.email": "test.alpha@example.test",
        "client.contact.phone": "+19085550100",
        "client.contact.preferred": "email",
        "preferences.session_format": "either",
        "preferences.location": "Freehold",
        "seeking_for": "couple",
        "relationship.status": "married",
        "relationship.length_months": 216,
        "relationship.partner_involvement": "attending",
        "concern.onset.pattern": "acquired",
        "concern.onset.duration_months": 18,
        "concern.context": "generalized",
        "concern.distress_0_10": 6,
        "health.medications.0.name": "venlafaxine",
        "health.medications.0.drug_class": "snri",
        "health.substance_use.0.substance": "alcohol",
        "screening.phq2.items": [1, 0],
        "screening.gad2.items": [1, 1],
        "risk.suicidal_ideation": "none_reported",
        "risk.relationship_safety": "safe",
        "history.trauma_history": "no",
        "history.prior_therapy": False,
        "skipped": [],
    },
    expected_flags={"MEDICATION_SEXUAL_SIDE_EFFECTS", "DURATION_6_MONTHS_OR_MORE"},
)

BRAVO = FakeClient(
    name="bravo",
    answers={
        "age": "I'm 52",
        "preferred_name": "call me Bravo",
        "pronouns": "skip",
        "email": "test.bravo@example.test",
        "phone": "I'd rather not say",
        "contact_preference": "email",
        "session_format": "online please",
        "availability": "weekday evenings after 6",
        "seeking_for": "just me",
        "relationship_status": "single",
        "main_concern": "I can't get or keep an erection with new partners",
        "onset": "two years ago",
        "context": "only with partners, it's fine when I'm alone",
        "better_when": "nothing really",
        "worse_when": "when I'm nervous",
        "distress": "like an 8",
        "medical_conditions": "type 2 diabetes",
        "medications": "metformin",
        "substance_use": "I smoke about a pack a day",
        "mental_health_history": "no",
        "prior_therapy": "no",
        "goals": "Feel confident dating again",
    },
    before={"medications": ["why do you ask?"]},
    expected={
        "status": "complete",
        "client.age": 52,
        "client.preferred_name": "Bravo",
        "client.pronouns": None,
        "client.contact.phone": None,
        "preferences.session_format": "telehealth",
        "preferences.location": None,
        "seeking_for": "individual",
        "relationship.status": "single",
        "relationship.length_months": None,
        "concern.onset.duration_months": 24,
        "concern.context": "situational",
        "concern.better_when": [],
        "concern.distress_0_10": 8,
        "health.medications.0.name": "metformin",
        "health.substance_use.0.substance": "tobacco",
        "risk.relationship_safety": "not_asked",
        "skipped": ["pronouns", "phone"],
    },
    expected_flags={"HIGH_DISTRESS", "MEDICAL_EVALUATION_SUGGESTED", "DURATION_6_MONTHS_OR_MORE"},
    never_asked={"location", "relationship_length", "partner_involvement", "relationship_safety"},
)

CHARLIE = FakeClient(
    name="charlie",
    answers={
        "age": "thirty one",
        "preferred_name": "Charlie",
        "pronouns": "they/them",
        "email": "test.charlie@example.test",
        "phone": "201.555.0142",
        "contact_preference": "text is best",
        "session_format": "in person",
        "location": "jersey city please",
        "availability": "saturday mornings",
        "seeking_for": "not sure yet",
        "relationship_status": "we're polyamorous",
        "relationship_length": "a year and a half",
        "partner_involvement": "they know but won't attend",
        "main_concern": "I've never been able to orgasm with a partner",
        "onset": "my whole life",
        "context": "every time",
        "better_when": "when I'm relaxed",
        "worse_when": "when I feel rushed",
        "distress": "5",
        "medical_conditions": "nope",
        "medications": "no meds",
        "substance_use": "I don't drink",
        "mental_health_history": "anxiety, I see a therapist for it",
        "phq2_interest": "more than half the days",
        "phq2_mood": "more than half the days",
        "prior_therapy": "yes, individual therapy for anxiety",
        "goals": "Understand my body better",
    },
    before={
        "distress": ["is there any nudity in the sessions?"],
        "context": ["what happens in the first session?"],
    },
    expected={
        "status": "complete",
        "client.age": 31,
        "client.pronouns": "they/them",
        "client.contact.phone": "+12015550142",
        "client.contact.preferred": "text",
        "preferences.session_format": "in_person",
        "preferences.location": "Jersey City",
        "seeking_for": "unsure",
        "relationship.status": "non_monogamous",
        "relationship.length_months": 18,
        "relationship.partner_involvement": "aware_not_attending",
        "concern.onset.pattern": "lifelong",
        "concern.onset.duration_months": None,
        "concern.distress_0_10": 5,
        "health.medical_conditions": [],
        "health.medications": [],
        "screening.phq2.items": [2, 2],
        "screening.phq2.score": 4,
        "screening.phq2.positive": True,
        "history.prior_therapy": True,
    },
    expected_flags={"LIFELONG_PATTERN", "SCREEN_POSITIVE_PHQ2"},
    never_asked={"onset"},  # "I've never been able to..." already says it is lifelong
)

DELTA = FakeClient(
    name="delta",
    answers={
        "age": "38",
        "preferred_name": "Delta",
        "pronouns": "he/him",
        "email": "test.delta@example.test",
        "phone": "+1 732 555 0177",
        "contact_preference": "phone",
        "session_format": "in person",
        "location": "Highland Park",
        "availability": "any weekday after 5pm",
        "seeking_for": "as a couple",
        "relationship_status": "my girlfriend and I live together",
        "relationship_length": "3 years",
        "partner_involvement": "yes she'll come with me",
        "main_concern": "We want sex at very different amounts and it's causing fights",
        "onset": "since the baby was born two years ago",
        "context": "every time",
        "better_when": "on vacation",
        "worse_when": "when we're both exhausted",
        "distress": "7/10",
        "medical_conditions": "none",
        "medications": "Zoloft 50mg",
        "substance_use": "social drinker",
        "mental_health_history": "depression, treated with medication",
        "prior_therapy": "no",
        "goals": "Find a rhythm that works for both of us",
    },
    before={
        "partner_involvement": ["actually we've been together 5 years, not 3"],
        "summary_confirmed": ["my email is test.delta.new@example.test"],
    },
    expected={
        "status": "complete",
        "client.age": 38,
        "client.contact.email": "test.delta.new@example.test",
        "client.contact.phone": "+17325550177",
        "client.contact.preferred": "phone",
        "preferences.location": "Highland Park",
        "relationship.length_months": 60,
        "relationship.partner_involvement": "attending",
        "concern.onset.duration_months": 24,
        "concern.distress_0_10": 7,
        "health.medications.0.name": "sertraline",
        "health.medications.0.drug_class": "ssri",
    },
    expected_flags={"HIGH_DISTRESS", "MEDICATION_SEXUAL_SIDE_EFFECTS", "DURATION_6_MONTHS_OR_MORE"},
)

ECHO = FakeClient(
    name="echo",
    answers={
        "age": "29",
        "preferred_name": "Echo",
        "pronouns": "she/they",
        "email": "test.echo@example.test",
        "phone": ["call me maybe", "whenever works"],
        "contact_preference": "email",
        "session_format": "either is fine",
        "location": "freehold",
        "availability": "weekends",
        "seeking_for": "just me",
        "relationship_status": "dating",
        "relationship_length": "8 months",
        "partner_involvement": "she doesn't know",
        "main_concern": "Sex is painful and I tense up",
        "onset": "a year ago",
        "context": "every time",
        "better_when": "nothing",
        "worse_when": "when I'm anxious",
        "distress": ["a lot", "honestly I can't put a number on it"],
        "medical_conditions": "endometriosis",
        "medications": "the pill",
        "substance_use": "cannabis on weekends",
        "mental_health_history": "no",
        "trauma_history": "I'd rather not say",
        "prior_therapy": "yes, couples counselling in 2019",
        "goals": "Have sex without pain",
    },
    before={"availability": ["can I talk to a real person?"]},
    expected={
        "status": "complete",
        "client.age": 29,
        "client.contact.phone": None,
        "relationship.status": "dating",
        "relationship.length_months": 8,
        "relationship.partner_involvement": "not_aware",
        "concern.distress_0_10": None,
        "health.medications.0.drug_class": "hormonal_contraceptive",
        "history.trauma_history": "prefer_not_to_say",
        "history.prior_therapy": True,
    },
    expected_flags={"MEDICATION_SEXUAL_SIDE_EFFECTS", "DURATION_6_MONTHS_OR_MORE"},
)

LEE = FakeClient(
    name="lee",
    opening=(
        "Hi, I'm Lee (he/him), 36. My wife and I have been married for 10 years. Since I started "
        "taking Lexapro last year for anxiety I can't orgasm. It's worse when I'm stressed at work "
        "and a bit better on weekends. It bothers me like an 8 out of 10. We'd like to come in "
        "together, preferably online."
    ),
    answers={
        "email": "test.lee@example.test",
        "phone": "609-555-0133",
        "contact_preference": "email",
        "availability": "weekday evenings",
        "partner_involvement": "she'll come with me",
        "context": "every time",
        "medical_conditions": "none",
        "substance_use": "a beer or two on weekends",
        "mental_health_history": "anxiety, my GP prescribes the Lexapro",
        "prior_therapy": "no",
        "goals": "Enjoy sex again",
    },
    expected={
        "status": "complete",
        "client.preferred_name": "Lee",
        "client.pronouns": "he/him",
        "client.age": 36,
        "relationship.status": "married",
        "relationship.length_months": 120,
        "seeking_for": "couple",
        "preferences.session_format": "telehealth",
        "concern.distress_0_10": 8,
        "concern.onset.pattern": "acquired",
        "health.medications.0.name": "escitalopram",
    },
    expected_flags={"MEDICATION_SEXUAL_SIDE_EFFECTS", "HIGH_DISTRESS"},
    never_asked={
        "preferred_name",
        "pronouns",
        "age",
        "relationship_status",
        "relationship_length",
        "main_concern",
        "onset",
        "better_when",
        "worse_when",
        "distress",
        "medications",
        "seeking_for",
        "session_format",
    },
)

# Answers the self-harm question with the thoughts it asks about; names herself in a phrase; her
# answer to "what makes it worse?" mentions worry and illness, which the classifier may read as a
# question for the practice.
FOXTROT = FakeClient(
    name="foxtrot",
    opening="hi i found you on google",
    answers={
        "age": "34",
        "preferred_name": "Please call me Fox",
        "pronouns": "they/them",
        "email": "test.foxtrot@example.test",
        "phone": "skip",
        "contact_preference": "email",
        "session_format": "online",
        "availability": "weekends",
        "seeking_for": "us both",
        "relationship_status": "living together, not married",
        "relationship_length": "five years",
        "partner_involvement": "yes they'll join",
        "main_concern": "we basically stopped having sex and every time we try to talk about it it turns into a fight",
        "onset": "a couple years, since we moved in together",
        "context": "just with my partner",
        "better_when": "honestly nothing helps",
        "worse_when": "when I'm worried about my mother, who is ill",
        "distress": "9, it's ruining everything",
        "medical_conditions": "none",
        "medications": "I take sertraline",
        "substance_use": "no",
        "mental_health_history": "depression since college",
        "phq2_interest": "nearly every day",
        "phq2_mood": "nearly every day",
        "self_harm": "honestly some nights I think everyone would be better off without me",
        "safe_now": "yes I'm safe right now",
        "prior_therapy": "no",
        "goals": "stop fighting and feel close again",
    },
    expected={
        "status": "complete",
        "urgent": True,
        "client.preferred_name": "Fox",
        "concern.worse_when.0": "when I'm worried about my mother",
        "risk.suicidal_ideation": "passive",
        "risk.relationship_safety": "safe",
        "risk.crisis_resources_shown": True,
        "risk.disclosures": ["honestly some nights I think everyone would be better off without me"],
    },
    expected_flags={"URGENT_SUICIDAL_IDEATION", "RISK_PASSIVE_IDEATION", "SCREEN_POSITIVE_PHQ2"},
)

CLIENTS = [ALPHA, BRAVO, CHARLIE, DELTA, ECHO, LEE, FOXTROT]


def value_at(summary: dict[str, Any], path: str) -> Any:
    """summary["health"]["medications"][0]["name"] for "health.medications.0.name"."""
    node: Any = summary
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node
