"""Pydantic models for every file in data/ and for firm profiles.

These models are the contract of the content model: strict types, unknown fields
rejected, every field described (the descriptions become the schema reference page
and the JSON Schema that editors use). They validate plain data produced by
`generator.load`; cross-references between files are checked in `generator.validate`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(description="A stable kebab-case identifier (lower-case letters, digits, hyphens)."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=400)]
TaskKind = Literal["factual", "procedural", "interpretive"]
Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class Model(BaseModel):
    """Base of every schema model: strict, closed, immutable."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


Reviewed = Annotated[
    dt.date,
    Field(description="When this content was last reviewed by an editor (YYYY-MM-DD)."),
]
SourceIds = Annotated[
    list[Id],
    Field(default_factory=list, description="Ids of entries in sources.yml that support this."),
]
AuthorityIds = Annotated[
    list[Id],
    Field(default_factory=list, description="Ids of entries in authorities.yml that govern this."),
]


# --------------------------------------------------------------------------- sources


class Source(Model):
    """An article or other source of facts and figures."""

    id: Id
    title: Line = Field(description="Title of the source as published.")
    publisher: Line = Field(description="Who published it (author, firm or site).")
    published: Line | None = Field(None, description="Publication date as the source states it, if it does.")
    kind: Literal["article", "faq", "guide", "other"] = Field(description="What kind of source this is.")
    file: Line | None = Field(None, description="Local copy the facts were read from (path under shared/seeds/).")
    summary: Text = Field(description="What the source covers, in our own words.")


class SourcesFile(Model):
    """sources.yml: every source of facts used in data/."""

    reviewed: Reviewed
    items: list[Source] = Field(description="The sources.")


# ----------------------------------------------------------------------- authorities


class Authority(Model):
    """A rule, comment, ethics opinion, guideline, code, statute or case."""

    id: Id
    cite: Line = Field(description="Short citation, for example 'ABA Model Rule 5.3'.")
    title: Line = Field(description="Full title as the issuer names it.")
    issuer: Line = Field(description="Who issued it (ABA, NALA, a state bar, a legislature, a court).")
    year: int = Field(ge=1900, le=2100, description="Year adopted, issued or decided.")
    kind: Literal["rule", "comment", "opinion", "guideline", "code", "statute", "case"] = Field(
        description="What kind of authority this is."
    )
    jurisdiction: Line = Field(description="Where it applies: 'US (model)', 'CA', 'NY', 'FL' ...")
    url: Annotated[str, StringConstraints(pattern=r"^https://[A-Za-z0-9./_\-?=&#%~]+$")] | None = Field(
        None, description="Issuer's page (https), when known; never a guess."
    )
    summary: Text = Field(description="One paragraph: what it says that matters to paralegal work.")
    read_at: Line = Field(description="Where the text was read (issuer's page or a named reprint).")
    unconfirmed: Text | None = Field(
        None, description="Which parts could not be confirmed; those are never stated as fact."
    )


class AuthoritiesFile(Model):
    """authorities.yml: the rules and opinions the knowledge base cites."""

    reviewed: Reviewed
    items: list[Authority] = Field(description="The authorities.")


# ----------------------------------------------------------------------------- roles


class Role(Model):
    """A kind of legal support professional."""

    id: Id
    name: Line = Field(description="Name of the role.")
    summary: Text = Field(description="What the role is, in one or two sentences.")
    duties: list[Line] = Field(min_length=1, description="Typical duties.")
    training: Text = Field(description="Typical education and training.")
    supervision: Text = Field(description="How the role is supervised.")
    where: Text = Field(description="Where the role typically works.")
    differs: Text = Field(description="How it differs from the roles it is confused with.")
    sources: SourceIds
    authorities: AuthorityIds


class RolesFile(Model):
    """roles.yml: the roles compared."""

    reviewed: Reviewed
    items: list[Role] = Field(description="The roles.")


# -------------------------------------------------------------------- practice areas


class Task(Model):
    """A task in a practice area, classed by whether it may be delegated."""

    id: Id
    task: Line = Field(description="The task, as an imperative phrase.")
    kind: TaskKind = Field(
        description="factual or procedural: delegable under supervision; interpretive: attorney only."
    )
    why: Text = Field(description="Why the task has this class (for interpretive: why it stays with the attorney).")
    boundaries: list[Id] = Field(min_length=1, description="Ids of boundaries.yml items that govern the task.")


class Risk(Model):
    """A risk of delegating work in a practice area, with its mitigation."""

    risk: Text = Field(description="What can go wrong.")
    mitigation: Text = Field(description="What the firm does about it.")


class Offshore(Model):
    """How well a practice area's paralegal work suits offshore support."""

    suitability: Literal["high", "medium", "low"] = Field(description="Offshore suitability.")
    reason: Text = Field(description="Why.")


class PracticeArea(Model):
    """One practice area: data/practice_areas/<id>.yml."""

    id: Id
    name: Line = Field(description="Display name, for example 'Family law'.")
    reviewed: Reviewed
    summary: Text = Field(description="What paralegal work in this area looks like.")
    duties: list[Line] = Field(min_length=1, description="Typical paralegal duties.")
    skills: list[Line] = Field(min_length=1, description="High-demand skills.")
    tasks: list[Task] = Field(min_length=1, description="Tasks classed factual, procedural or interpretive.")
    documents: list[Line] = Field(min_length=1, description="Documents the paralegal typically produces (as drafts).")
    offshore: Offshore = Field(description="Offshore suitability and its reason.")
    risks: list[Risk] = Field(min_length=1, description="Risks, each with a mitigation.")
    sources: SourceIds
    authorities: AuthorityIds
    related: list[Id] = Field(default_factory=list, description="Ids of related practice areas.")


# ------------------------------------------------------------------------ boundaries


class BoundaryGroup(Model):
    """A group of 'cannot do' boundaries."""

    id: Id
    title: Line = Field(description="Group heading.")
    intro: Text = Field(description="What the group covers.")


class Boundary(Model):
    """Something a paralegal may or may not do, with the authorities behind it."""

    id: Id
    kind: Literal["can", "cannot"] = Field(description="Whether the paralegal may do this.")
    group: Id | None = Field(None, description="Group id (required for 'cannot' items).")
    title: Line = Field(description="The action, as a short phrase ('Give legal advice').")
    explanation: Text = Field(description="What it means in practice and where the line falls.")
    examples: list[Line] = Field(default_factory=list, description="Concrete examples.")
    authorities: list[Id] = Field(min_length=1, description="Ids of authorities that establish it.")
    sources: SourceIds


class BoundariesFile(Model):
    """boundaries.yml: what a paralegal can and cannot do."""

    reviewed: Reviewed
    groups: list[BoundaryGroup] = Field(description="Groups of 'cannot do' items.")
    items: list[Boundary] = Field(description="The boundaries.")


# ---------------------------------------------------------------------------- hiring


class NeedsQuestion(Model):
    """A question the firm answers before hiring."""

    question: Line = Field(description="The question.")
    why: Text = Field(description="Why the answer matters.")


class Quality(Model):
    """A quality to look for in a paralegal."""

    id: Id
    name: Line = Field(description="The quality.")
    description: Text = Field(description="What it looks like and how to spot it.")


class HiringStep(Model):
    """One step of the hiring process."""

    id: Id
    title: Line = Field(description="The step.")
    description: Text = Field(description="What to do in this step.")


class InterviewQuestion(Model):
    """An interview question with what to listen for."""

    id: Id
    question: Line = Field(description="The question, as asked.")
    listen_for: Text = Field(description="What a strong answer shows.")


class WorkSample(Model):
    """A work-sample task given to candidates."""

    title: Line = Field(description="Name of the task.")
    instructions: Text = Field(description="What the candidate is asked to do.")
    evaluate: list[Line] = Field(min_length=1, description="What the firm checks in the result.")


class HiringFile(Model):
    """hiring.yml: finding and hiring a paralegal."""

    reviewed: Reviewed
    needs_analysis: list[NeedsQuestion] = Field(min_length=1, description="Questions to answer first.")
    qualities: list[Quality] = Field(min_length=1, description="Qualities to look for.")
    process: list[HiringStep] = Field(min_length=1, description="The hiring process, in order.")
    interview_questions: list[InterviewQuestion] = Field(min_length=1, description="Interview questions.")
    work_sample: WorkSample = Field(description="A work-sample task.")
    sources: SourceIds


# --------------------------------------------------------------- provider evaluation


class ProviderQuestion(Model):
    """A question to ask a paralegal service before signing."""

    id: Id
    question: Line = Field(description="The question, as asked.")
    why: Text = Field(description="Why it matters.")
    good_answer: Text = Field(description="What a good answer sounds like.")
    red_flags: list[Line] = Field(min_length=1, description="Answers that should worry the firm.")
    authorities: AuthorityIds
    sources: SourceIds


class ProviderGroup(Model):
    """A group of provider questions."""

    id: Id
    title: Line = Field(description="Group heading.")
    weight: int = Field(ge=1, le=5, description="Weight of the group in the scorecard's overall score (1-5).")
    questions: list[ProviderQuestion] = Field(min_length=1, description="The questions.")


class ProviderEvaluationFile(Model):
    """provider_evaluation.yml: questions to ask a paralegal service."""

    reviewed: Reviewed
    groups: list[ProviderGroup] = Field(description="Question groups.")


# --------------------------------------------------------------------- communication


class Channel(Model):
    """A communication channel."""

    id: Id
    name: Line = Field(description="Display name.")
    use_for: Text = Field(description="What the channel is good for.")
    avoid_for: Text | None = Field(None, description="What it should not carry.")


class Cadence(Model):
    """A status-update cadence."""

    id: Literal["daily", "twice-weekly", "weekly", "per-assignment"] = Field(description="Cadence id.")
    name: Line = Field(description="Display name.")
    description: Text = Field(description="What the cadence means in practice.")
    weekdays: list[Weekday] = Field(default_factory=list, description="Weekdays the update is due (empty: per assignment).")


class Practice(Model):
    """A named working practice (policy) with its explanation."""

    id: Id
    title: Line = Field(description="Name of the practice.")
    description: Text = Field(description="What the practice is and why it exists.")
    steps: list[Line] = Field(default_factory=list, description="Concrete steps, in order, where it has them.")
    authorities: AuthorityIds
    sources: SourceIds


class CommunicationFile(Model):
    """communication.yml: channels, cadences, and communication practices."""

    reviewed: Reviewed
    channels: list[Channel] = Field(description="Channels.")
    cadences: list[Cadence] = Field(description="Status-update cadences.")
    status_update_fields: list[Line] = Field(min_length=1, description="What every status update contains.")
    practices: list[Practice] = Field(
        description="Practices: questions policy, open phone, escalation, overnight hand-off, intake and others."
    )
    sources: SourceIds


# -------------------------------------------------------------------------- delivery


class DeliveryMethod(Model):
    """A way of delivering work product."""

    id: Id
    name: Line = Field(description="Display name.")
    security: Literal["high", "medium", "low"] = Field(description="Security level.")
    description: Text = Field(description="How it works.")
    fits: Text = Field(description="When it fits.")
    avoid_for: Text | None = Field(None, description="What it should never carry.")
    sources: SourceIds


class DeliveryFile(Model):
    """delivery.yml: delivery methods and practices."""

    reviewed: Reviewed
    methods: list[DeliveryMethod] = Field(description="Delivery methods.")
    practices: list[Practice] = Field(default_factory=list, description="Delivery practices.")
    sources: SourceIds


# -------------------------------------------------------------------------- security


class Control(Model):
    """A security or confidentiality control."""

    id: Id
    name: Line = Field(description="Display name.")
    description: Text = Field(description="What the control is and what it protects against.")
    checklist: list[Line] = Field(min_length=1, description="Checks a firm or paralegal can tick.")
    authorities: AuthorityIds
    sources: SourceIds


class SecurityFile(Model):
    """security.yml: confidentiality and security controls."""

    reviewed: Reviewed
    controls: list[Control] = Field(description="The controls.")
    sources: SourceIds


# --------------------------------------------------------------------------- billing


class Arrangement(Model):
    """A fee arrangement."""

    id: Literal["hourly", "flat", "retainer", "block", "package"] = Field(description="Arrangement id.")
    name: Line = Field(description="Display name.")
    description: Text = Field(description="How it works.")
    fits: Text = Field(description="When it fits.")


class Cycle(Model):
    """A billing cycle."""

    id: Literal["monthly", "end-of-project"] = Field(description="Cycle id.")
    name: Line = Field(description="Display name.")
    description: Text = Field(description="When invoices go out.")


class TimesheetField(Model):
    """A field of the time sheet."""

    id: Id
    name: Line = Field(description="Column heading.")
    description: Text = Field(description="What goes in it.")


class BillingFile(Model):
    """billing.yml: fee arrangements, time tracking, time sheets, cycles, re-billing."""

    reviewed: Reviewed
    arrangements: list[Arrangement] = Field(description="Fee arrangements.")
    cycles: list[Cycle] = Field(description="Billing cycles.")
    timesheet_fields: list[TimesheetField] = Field(min_length=1, description="Time-sheet columns.")
    practices: list[Practice] = Field(description="Practices: per-minute tracking, re-billing and others.")
    sources: SourceIds


# ----------------------------------------------------------------------------- costs


class CostFigure(Model):
    """A cost figure from a source."""

    id: Id
    label: Line = Field(description="What the figure is.")
    measures: Text = Field(description="Exactly what it measures (who, where, per what).")
    low: float = Field(description="Low end of the figure (equal to high for a single value).")
    high: float = Field(description="High end of the figure.")
    unit: Literal["usd-per-year", "usd-per-month", "usd-per-hour", "percent"] = Field(description="Unit.")
    source: Id = Field(description="Id of the source that gives it.")
    note: Text | None = Field(None, description="Caveats.")


class CalculatorDefaults(Model):
    """Inputs of the site's cost estimate."""

    in_house_hourly: Id = Field(description="Id of the figure used as the in-house hourly cost (usd-per-hour).")
    offshore_hourly: Id = Field(description="Id of the figure used as the offshore hourly cost (usd-per-hour).")
    hours_per_week: float = Field(gt=0, le=80, description="Default hours per week.")


class CostsFile(Model):
    """costs.yml: the cost figures of the sources."""

    reviewed: Reviewed
    figures: list[CostFigure] = Field(description="The figures.")
    calculator: CalculatorDefaults = Field(description="Which figures the cost estimate uses.")


# -------------------------------------------------------------------- support models


class SupportModel(Model):
    """Task-based or strategy-based support."""

    id: Literal["task-based", "strategy-based"] = Field(description="Model id.")
    name: Line = Field(description="Display name.")
    summary: Text = Field(description="What it is.")
    day_to_day: list[Line] = Field(min_length=1, description="What it means day to day.")
    fits: Text = Field(description="When it fits.")
    sources: SourceIds


class ProviderModel(Model):
    """Who provides the support: freelance, virtual, managed offshore, in-house remote."""

    id: Literal["freelance", "virtual", "managed-offshore", "in-house-remote"] = Field(description="Model id.")
    name: Line = Field(description="Display name.")
    summary: Text = Field(description="What it is.")
    strengths: list[Line] = Field(min_length=1, description="Strengths.")
    watch_for: list[Line] = Field(min_length=1, description="What to watch for.")
    sources: SourceIds


class SupportModelsFile(Model):
    """support_models.yml: support approaches and provider models."""

    reviewed: Reviewed
    approaches: list[SupportModel] = Field(description="Task-based and strategy-based support.")
    providers: list[ProviderModel] = Field(description="Provider models.")
    schedules: list[Practice] = Field(description="Part-time and full-time support ('part-time', 'full-time').")


# --------------------------------------------------------------------------- systems


class System(Model):
    """A system paralegals work in."""

    id: Id
    name: Line = Field(description="Product name.")
    category: Literal[
        "practice-management", "document-management", "file-sharing", "office", "e-signature", "pdf", "research"
    ] = Field(description="What kind of system it is.")
    description: Text = Field(description="What paralegals do in it.")
    sources: SourceIds


class SystemsFile(Model):
    """systems.yml: practice-management, document, e-signature and office systems."""

    reviewed: Reviewed
    items: list[System] = Field(description="The systems.")


# ------------------------------------------------------------------------------- faq


class FaqGroup(Model):
    """A group of FAQ entries."""

    id: Id
    title: Line = Field(description="Group heading.")


class FaqItem(Model):
    """A question and its answer."""

    id: Id
    group: Id = Field(description="Id of the FAQ group.")
    question: Line = Field(pattern=r"\?$", description="The question, ending with a question mark.")
    answer: Text = Field(description="The answer, in plain language.")
    page: Line = Field(description="Site page that goes deeper, for example 'boundaries' or 'practice-areas/family-law'.")
    anchor: Id | None = Field(None, description="Id of an item on that page to link to directly.")
    authorities: AuthorityIds
    sources: SourceIds


class FaqFile(Model):
    """faq.yml: questions and answers."""

    reviewed: Reviewed
    groups: list[FaqGroup] = Field(description="Groups.")
    items: list[FaqItem] = Field(description="Questions and answers.")


# ------------------------------------------------------------------- ethics checklist


class Phase(Model):
    """A phase of the ethics checklist."""

    id: Literal["before", "while-working", "delivering", "ongoing"] = Field(description="Phase id.")
    title: Line = Field(description="Phase heading.")


class ChecklistItem(Model):
    """An item of the paralegal's ethics checklist."""

    id: Id
    phase: Literal["before", "while-working", "delivering", "ongoing"] = Field(description="Phase id.")
    text: Line = Field(description="The check, as the paralegal would tick it.")
    reason: Line = Field(description="One line: why it matters.")
    authorities: list[Id] = Field(min_length=1, description="Ids of authorities behind it.")
    jurisdictions: list[Line] = Field(
        default_factory=list, description="State codes it applies to; empty means everywhere."
    )


class JurisdictionNote(Model):
    """A note for paralegals working under one jurisdiction's rules."""

    id: Id
    jurisdiction: Line = Field(description="State code, for example 'CA'.")
    title: Line = Field(description="Heading.")
    text: Text = Field(description="The note.")
    authorities: list[Id] = Field(min_length=1, description="Ids of authorities behind it.")


class EthicsChecklistFile(Model):
    """ethics_checklist.yml: the paralegal's ethics checklist."""

    reviewed: Reviewed
    version: int = Field(ge=1, description="Bump when items change; the site keeps ticks per version.")
    phases: list[Phase] = Field(description="Phases, in order.")
    items: list[ChecklistItem] = Field(description="Items.")
    jurisdiction_notes: list[JurisdictionNote] = Field(description="Jurisdiction notes.")


# -------------------------------------------------------------------------- glossary


class Term(Model):
    """A glossary term, shown as a hover definition across the site."""

    id: Id
    term: Line = Field(description="The term as it appears in text.")
    definition: Line = Field(description="One-sentence definition.")
    authorities: AuthorityIds
    sources: SourceIds


class GlossaryFile(Model):
    """glossary.yml: terms and definitions."""

    reviewed: Reviewed
    items: list[Term] = Field(description="Terms.")


# ------------------------------------------------------------------------- templates

Prefill = Literal[
    "firm.name",
    "firm.short_name",
    "provider",
    "provider.contact",
    "attorney.name",
    "attorney.email",
    "billing.rate",
    "billing.increment",
    "billing.cycle",
    "start_date",
    "delivery.methods",
    "communication.channels",
]


class TemplateField(Model):
    """A fill-in field of a template."""

    label: Line = Field(description="Field label.")
    prefill: Prefill | None = Field(None, description="Profile value the packet fills in, if any.")
    lines: int = Field(1, ge=1, le=12, description="Writing lines left for the answer.")


class TemplateSection(Model):
    """A section of a template."""

    heading: Line = Field(description="Section heading.")
    paragraphs: list[Text] = Field(default_factory=list, description="Fixed text.")
    fields: list[TemplateField] = Field(default_factory=list, description="Fill-in fields.")
    table: list[Line] = Field(default_factory=list, description="Column headings of a fill-in table, if any.")
    rows: int = Field(0, ge=0, le=30, description="Empty rows of the table.")


class Template(Model):
    """A fill-in document: data/templates/<id>.yml."""

    id: Id
    title: Line = Field(description="Title of the document.")
    reviewed: Reviewed
    purpose: Text = Field(description="What the document is for and who fills it in.")
    sections: list[TemplateSection] = Field(min_length=1, description="Sections, in order.")
    signatures: list[Line] = Field(default_factory=list, description="Who signs (one line each).")
    authorities: AuthorityIds
