"""The intake as a print-ready PDF (ReportLab: pure Python, no system libraries)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bot.web.presenting import client_messages, sections, sorted_flags, words


def intake_pdf(summary: dict[str, Any], transcript: list[dict[str, Any]], *, practice_name: str) -> bytes:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=9, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=8, textColor=colors.grey)

    def text(value: str) -> Paragraph:
        # Paragraph reads XML-like markup: whatever the client typed must be escaped first.
        return Paragraph(escape(value), body)

    client = summary.get("client") or {}
    name = client.get("preferred_name") or "Client"
    story: list[Any] = [
        Paragraph(escape(f"Intake: {name}"), styles["Title"]),
        Paragraph(
            escape(
                f"{practice_name} - status {words(summary.get('status'))}"
                f"{' - URGENT' if summary.get('urgent') else ''} - updated {summary.get('updated_at') or ''}"
            ),
            small,
        ),
        Paragraph(
            escape(
                "Confidential health information. Store and dispose of it as your records policy requires."
            ),
            small,
        ),
        Spacer(1, 4 * mm),
    ]
    flags = sorted_flags(summary)
    if flags:
        story.append(Paragraph("Flags", styles["Heading2"]))
        story.append(
            _table(
                [[text(flag.get("severity", "").upper()), text(flag.get("message", ""))] for flag in flags],
                widths=(22 * mm, 150 * mm),
            )
        )
    for section in sections(summary):
        story.append(Paragraph(escape(section.title), styles["Heading2"]))
        rows = []
        for row in section.rows:
            value = f'"{row.value}"' if row.quoted and row.value else (row.value or "-")
            if row.note:
                value += f" ({row.note})"
            rows.append([text(row.label), text(value)])
        story.append(_table(rows, widths=(45 * mm, 127 * mm)))
    story.append(Paragraph("Transcript", styles["Heading2"]))
    for index, message in client_messages(transcript):
        who = "Client" if index is not None else "Assistant"
        label = f"{who} #{index}" if index is not None else who
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(str(message.get('text', '')))}", body))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Intake {summary.get('intake_id', '')}",
        author=practice_name,
    )
    document.build(story)
    return buffer.getvalue()


def _table(rows: list[list[Any]], *, widths: tuple[float, float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
