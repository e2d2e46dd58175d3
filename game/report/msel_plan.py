"""The scenario's Master Scenario Events List (HSEEP MSEL), as controllers run an exercise from.

One row per authored inject, with the HSEEP columns: number, turn or trigger, title,
from (the controller, or the actor it comes from), to, channel/method, the message, the
expected player action, the objective and capability it tests, contingency links and
notes.  Written as CSV (a spreadsheet), Markdown, or a self-contained printable HTML
page.  Everything is read from the compiled scenario: nothing is played.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape

from game.engine.compile import CompiledScenario
from game.scenario.expr import ExprError, parse, walk

from .msel import planned

COLUMNS = ("No.", "Turn or trigger", "Inject", "From", "To", "Method", "Message", "Expected player action",
           "Objective tested", "Capability", "Contingency links", "Notes")
METHODS = {"information": "information", "event": "event", "media": "news media", "intelligence": "intelligence report",
           "social_media": "social media"}
CAPABILITY = {"communication": "Communications", "cbm": "Confidence building", "humanitarian": "Humanitarian assistance",
              "information": "Public information", "alliance": "Alliance management", "mediation": "Mediation",
              "military": "Military signalling"}


@dataclass(frozen=True)
class MselEntry:
    number: int
    id: str
    trigger: str
    title: str
    source: str
    to: str
    method: str
    message: str
    expected: str
    objective: str
    capability: str
    links: str
    notes: str

    def cells(self) -> list[str]:
        return [str(self.number), self.trigger, self.title, self.source, self.to, self.method, self.message,
                self.expected, self.objective, self.capability, self.links, self.notes]


def _refs(source: str) -> set[tuple[str, str]]:
    """(kind, id) of every symbol an expression names."""
    try:
        tree = parse(source).tree
    except ExprError:
        return set()
    out: set[tuple[str, str]] = set()
    for node in walk(tree):
        if node[0] == "call":
            out.update((str(node[1]), str(a[2])) for a in node[2] if a[0] == "sym")
    return out


def msel_entries(cs: CompiledScenario) -> list[MselEntry]:
    sc = cs.scenario
    names = {a.id: a.name for a in cs.actors}
    objectives = []
    if sc is not None:
        for o in sc.objectives:
            objectives.append((o.id, o.text, _refs(str(o.target or "")) | _refs(str(o.partial or ""))))
    backers: dict[int, list[int]] = {}
    for k in cs.injects:
        if k.contingency_for >= 0:
            backers.setdefault(k.contingency_for, []).append(k.idx)
    out = []
    for k in cs.injects:
        to = "everyone" if k.to is None else ", ".join(cs.actors[i].name for i in k.to)
        source = names[cs.actors[k.source].id] if k.source >= 0 else "Controller (white cell)"
        expected = ", ".join(cs.moves[m].name for m in k.expects)
        wanted = {cs.moves[m].id for m in k.expects}
        tested = [text for oid, text, refs in objectives
                  if any(r[1] in wanted for r in refs) or ("fired", k.id) in refs]
        caps = sorted({CAPABILITY.get(cs.moves[m].category, cs.moves[m].category) for m in k.expects})
        links = []
        if k.contingency_for >= 0:
            back = cs.injects[k.contingency_for]
            links.append(f"fires if #{back.idx + 1} ‘{back.title}’ got no expected action within {back.within} turns")
        for b in backers.get(k.idx, []):
            links.append(f"backed by #{b + 1} ‘{cs.injects[b].title}’ if unanswered within {k.within} turns")
        notes = []
        if not k.once:
            notes.append("may fire again")
        if k.expects:
            notes.append(f"answer within {k.within} turn{'s' if k.within != 1 else ''}")
        if k.effects:
            notes.append(f"{len(k.effects)} effect{'s' if len(k.effects) != 1 else ''} when it fires")
        out.append(MselEntry(k.idx + 1, k.id, planned(cs, k.idx), k.title, source, to, METHODS.get(k.kind, k.kind),
                             " ".join(k.text.split()), expected or "—", "; ".join(tested) or "—",
                             ", ".join(caps) or "—", "; ".join(links) or "—", "; ".join(notes) or "—"))
    return out


def to_csv(entries: list[MselEntry]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for e in entries:
        w.writerow(e.cells())
    return buf.getvalue()


def to_markdown(cs: CompiledScenario, entries: list[MselEntry]) -> str:
    def cell(x: str) -> str:
        return x.replace("|", "\\|").replace("\n", " ")

    lines = [f"# MSEL — {cs.title}", "", f"Scenario `{cs.id}`, {cs.turns} turns of {cs.turn_length}. "
             "Master Scenario Events List: one row per authored inject.", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in e.cells()) + " |" for e in entries]
    if not entries:
        lines.append("| " + " | ".join(["—"] * len(COLUMNS)) + " |")
    return "\n".join(lines) + "\n"


def to_html(cs: CompiledScenario, entries: list[MselEntry]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in e.cells()) + "</tr>" for e in entries)
    css = ("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:1rem;color:#111}"
           "table{border-collapse:collapse;width:100%;font-size:.8rem}"
           "th,td{border:1px solid #999;padding:.25rem .35rem;vertical-align:top;text-align:left}"
           "th{background:#e4e8ee}.scroll{overflow-x:auto}"
           "@media print{@page{size:A4 landscape;margin:10mm}body{margin:0}.scroll{overflow:visible}"
           "tr{break-inside:avoid}th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>MSEL — {escape(cs.title)}</title><style>{css}</style></head><body>"
            f"<h1>MSEL — {escape(cs.title)}</h1><p>Scenario <code>{escape(cs.id)}</code>, {cs.turns} turns of "
            f"{escape(cs.turn_length)}. One row per authored inject.</p>"
            f"<div class=\"scroll\"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
            "</body></html>\n")
