"""The knowledge base and firm profiles as frozen, typed, cross-checked objects.

`load_knowledge_base` reads every file in data/, validates each against its schema,
checks ids and references across files, and raises one InputError with every
problem found. `load_firm` does the same for a firm profile against a knowledge base.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import schema as s
from generator.errors import InputError, Problem
from generator.firm import FirmProfile
from generator.load import DATA_MAX_BYTES, Document, load
from generator.validate import Refs, check_model

# One concern per file: name -> schema model. Collections are folders of one item each.
FILES: dict[str, type[s.Model]] = {
    "sources.yml": s.SourcesFile,
    "authorities.yml": s.AuthoritiesFile,
    "roles.yml": s.RolesFile,
    "boundaries.yml": s.BoundariesFile,
    "hiring.yml": s.HiringFile,
    "provider_evaluation.yml": s.ProviderEvaluationFile,
    "communication.yml": s.CommunicationFile,
    "delivery.yml": s.DeliveryFile,
    "security.yml": s.SecurityFile,
    "billing.yml": s.BillingFile,
    "costs.yml": s.CostsFile,
    "support_models.yml": s.SupportModelsFile,
    "systems.yml": s.SystemsFile,
    "faq.yml": s.FaqFile,
    "ethics_checklist.yml": s.EthicsChecklistFile,
    "glossary.yml": s.GlossaryFile,
}
COLLECTIONS: dict[str, type[s.Model]] = {
    "practice_areas": s.PracticeArea,
    "templates": s.Template,
}


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything in data/, validated and cross-referenced."""

    root: Path
    sources: s.SourcesFile
    authorities: s.AuthoritiesFile
    roles: s.RolesFile
    boundaries: s.BoundariesFile
    hiring: s.HiringFile
    provider_evaluation: s.ProviderEvaluationFile
    communication: s.CommunicationFile
    delivery: s.DeliveryFile
    security: s.SecurityFile
    billing: s.BillingFile
    costs: s.CostsFile
    support_models: s.SupportModelsFile
    systems: s.SystemsFile
    faq: s.FaqFile
    ethics_checklist: s.EthicsChecklistFile
    glossary: s.GlossaryFile
    practice_areas: tuple[s.PracticeArea, ...]
    templates: tuple[s.Template, ...]
    reviewed: dict[str, dt.date] = field(default_factory=dict)  # data file (relative) -> review date

    @cached_property
    def by_id(self) -> dict[str, dict[str, Any]]:
        """Items by kind and id: authority, boundary, source, area, template, system ..."""
        kinds: dict[str, Any] = {
            "authority": self.authorities.items,
            "boundary": self.boundaries.items,
            "source": self.sources.items,
            "area": self.practice_areas,
            "template": self.templates,
            "system": self.systems.items,
            "channel": self.communication.channels,
            "cadence": self.communication.cadences,
            "delivery": self.delivery.methods,
            "arrangement": self.billing.arrangements,
            "cycle": self.billing.cycles,
            "approach": self.support_models.approaches,
            "provider": self.support_models.providers,
            "schedule": self.support_models.schedules,
            "figure": self.costs.figures,
            "role": self.roles.items,
            "term": self.glossary.items,
        }
        return {kind: {item.id: item for item in items} for kind, items in kinds.items()}

    def authority(self, ident: str) -> s.Authority:
        """Return the authority with this id."""
        return self.by_id["authority"][ident]  # type: ignore[no-any-return]

    def area(self, ident: str) -> s.PracticeArea:
        """Return the practice area with this id."""
        return self.by_id["area"][ident]  # type: ignore[no-any-return]

    @property
    def last_reviewed(self) -> dt.date:
        """The latest review date across data/."""
        return max(self.reviewed.values())


def _rel(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)


def load_knowledge_base(root: Path) -> KnowledgeBase:
    """Load and validate data/ under root; raise InputError with every problem."""
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    models: dict[str, Any] = {}
    for name, cls in FILES.items():
        path = root / name
        try:
            doc = load(path, _rel(path, root), DATA_MAX_BYTES)
        except InputError as e:
            problems += e.problems
            continue
        docs[name] = doc
        models[name] = check_model(doc, cls, problems)
    collections: dict[str, list[tuple[Document, Any]]] = {}
    for folder, cls in COLLECTIONS.items():
        items: list[tuple[Document, Any]] = []
        files = sorted((root / folder).glob("*.yml")) if (root / folder).is_dir() else []
        if not files:
            problems.append(Problem(_rel(root / folder, root), 1, 1, "", "folder is missing or has no .yml files"))
        for path in files:
            try:
                doc = load(path, _rel(path, root), DATA_MAX_BYTES)
            except InputError as e:
                problems += e.problems
                continue
            item: Any = check_model(doc, cls, problems)
            if item is not None and item.id != path.stem:
                problems.append(doc.problem(("id",), f"id {item.id!r} must match the file name {path.stem!r}"))
            items.append((doc, item))
        collections[folder] = items
    if problems or any(m is None for m in models.values()) or any(
        i is None for items in collections.values() for _, i in items
    ):
        # Cross-references need every file; report what is known so far, all at once.
        raise InputError(problems)
    kb = KnowledgeBase(
        root=root,
        **{name.removesuffix(".yml"): models[name] for name in FILES},
        practice_areas=tuple(i for _, i in collections["practice_areas"]),
        templates=tuple(i for _, i in collections["templates"]),
        reviewed={
            **{name: models[name].reviewed for name in FILES},
            **{f"{folder}/{i.id}.yml": i.reviewed for folder, items in collections.items() for _, i in items},
        },
    )
    refs = cross_check(kb, docs, collections)
    if refs.problems:
        raise InputError(refs.problems)
    return kb


def _define_all(refs: Refs, kind: str, doc: Document, items: Any, prefix: tuple[Any, ...]) -> None:
    for i, item in enumerate(items):
        refs.define(kind, item.id, doc, prefix + (i, "id"))


def cross_check(kb: KnowledgeBase, docs: dict[str, Document], collections: dict[str, list[tuple[Document, Any]]]) -> Refs:
    """Check id uniqueness and that every referenced id exists."""
    r = Refs()
    d = docs
    _define_all(r, "source", d["sources.yml"], kb.sources.items, ("items",))
    _define_all(r, "authority", d["authorities.yml"], kb.authorities.items, ("items",))
    _define_all(r, "role", d["roles.yml"], kb.roles.items, ("items",))
    _define_all(r, "boundary group", d["boundaries.yml"], kb.boundaries.groups, ("groups",))
    _define_all(r, "boundary", d["boundaries.yml"], kb.boundaries.items, ("items",))
    _define_all(r, "hiring quality", d["hiring.yml"], kb.hiring.qualities, ("qualities",))
    _define_all(r, "hiring step", d["hiring.yml"], kb.hiring.process, ("process",))
    _define_all(r, "interview question", d["hiring.yml"], kb.hiring.interview_questions, ("interview_questions",))
    _define_all(r, "provider group", d["provider_evaluation.yml"], kb.provider_evaluation.groups, ("groups",))
    for gi, group in enumerate(kb.provider_evaluation.groups):
        _define_all(r, "provider question", d["provider_evaluation.yml"], group.questions, ("groups", gi, "questions"))
    _define_all(r, "channel", d["communication.yml"], kb.communication.channels, ("channels",))
    _define_all(r, "cadence", d["communication.yml"], kb.communication.cadences, ("cadences",))
    _define_all(r, "communication practice", d["communication.yml"], kb.communication.practices, ("practices",))
    _define_all(r, "delivery method", d["delivery.yml"], kb.delivery.methods, ("methods",))
    _define_all(r, "delivery practice", d["delivery.yml"], kb.delivery.practices, ("practices",))
    _define_all(r, "security control", d["security.yml"], kb.security.controls, ("controls",))
    _define_all(r, "fee arrangement", d["billing.yml"], kb.billing.arrangements, ("arrangements",))
    _define_all(r, "billing cycle", d["billing.yml"], kb.billing.cycles, ("cycles",))
    _define_all(r, "time-sheet field", d["billing.yml"], kb.billing.timesheet_fields, ("timesheet_fields",))
    _define_all(r, "billing practice", d["billing.yml"], kb.billing.practices, ("practices",))
    _define_all(r, "cost figure", d["costs.yml"], kb.costs.figures, ("figures",))
    _define_all(r, "support approach", d["support_models.yml"], kb.support_models.approaches, ("approaches",))
    _define_all(r, "provider model", d["support_models.yml"], kb.support_models.providers, ("providers",))
    _define_all(r, "schedule", d["support_models.yml"], kb.support_models.schedules, ("schedules",))
    _define_all(r, "system", d["systems.yml"], kb.systems.items, ("items",))
    _define_all(r, "FAQ group", d["faq.yml"], kb.faq.groups, ("groups",))
    _define_all(r, "FAQ entry", d["faq.yml"], kb.faq.items, ("items",))
    _define_all(r, "checklist phase", d["ethics_checklist.yml"], kb.ethics_checklist.phases, ("phases",))
    _define_all(r, "checklist item", d["ethics_checklist.yml"], kb.ethics_checklist.items, ("items",))
    _define_all(r, "jurisdiction note", d["ethics_checklist.yml"], kb.ethics_checklist.jurisdiction_notes, ("jurisdiction_notes",))
    _define_all(r, "glossary term", d["glossary.yml"], kb.glossary.items, ("items",))
    for doc, area in collections["practice_areas"]:
        r.define("practice area", area.id, doc, ("id",))
        _define_all(r, f"task in {area.id}", doc, area.tasks, ("tasks",))
    for doc, tpl in collections["templates"]:
        r.define("template", tpl.id, doc, ("id",))

    def refs_in(doc: Document, items: Any, prefix: tuple[Any, ...], attr: str, kind: str) -> None:
        for i, item in enumerate(items):
            for j, ident in enumerate(getattr(item, attr)):
                r.check(kind, ident, doc, prefix + (i, attr, j))

    def cited(doc: Document, items: Any, prefix: tuple[Any, ...]) -> None:
        if items and hasattr(items[0], "authorities"):
            refs_in(doc, items, prefix, "authorities", "authority")
        if items and hasattr(items[0], "sources"):
            refs_in(doc, items, prefix, "sources", "source")

    cited(d["roles.yml"], kb.roles.items, ("items",))
    cited(d["boundaries.yml"], kb.boundaries.items, ("items",))
    for i, b in enumerate(kb.boundaries.items):
        doc = d["boundaries.yml"]
        if b.kind == "cannot" and b.group is None:
            r.problems.append(doc.problem(("items", i, "group"), "a 'cannot' item needs a group"))
        if b.group is not None:
            r.check("boundary group", b.group, doc, ("items", i, "group"))
    for gi, group in enumerate(kb.provider_evaluation.groups):
        cited(d["provider_evaluation.yml"], group.questions, ("groups", gi, "questions"))
    cited(d["communication.yml"], kb.communication.practices, ("practices",))
    cited(d["delivery.yml"], kb.delivery.methods, ("methods",))
    cited(d["delivery.yml"], kb.delivery.practices, ("practices",))
    cited(d["security.yml"], kb.security.controls, ("controls",))
    cited(d["billing.yml"], kb.billing.practices, ("practices",))
    cited(d["support_models.yml"], kb.support_models.approaches, ("approaches",))
    cited(d["support_models.yml"], kb.support_models.providers, ("providers",))
    cited(d["support_models.yml"], kb.support_models.schedules, ("schedules",))
    cited(d["systems.yml"], kb.systems.items, ("items",))
    cited(d["faq.yml"], kb.faq.items, ("items",))
    cited(d["ethics_checklist.yml"], kb.ethics_checklist.items, ("items",))
    cited(d["ethics_checklist.yml"], kb.ethics_checklist.jurisdiction_notes, ("jurisdiction_notes",))
    cited(d["glossary.yml"], kb.glossary.items, ("items",))
    for name in ("hiring.yml", "communication.yml", "delivery.yml", "security.yml", "billing.yml"):
        model = getattr(kb, name.removesuffix(".yml"))
        for j, ident in enumerate(model.sources):
            r.check("source", ident, d[name], ("sources", j))
    for i, fig in enumerate(kb.costs.figures):
        r.check("source", fig.source, d["costs.yml"], ("figures", i, "source"))
    for key in ("in_house_hourly", "offshore_hourly"):
        r.check("cost figure", getattr(kb.costs.calculator, key), d["costs.yml"], ("calculator", key))
    pages = set(page_ids(kb))
    anchors: dict[str, set[str]] = {}  # per page, computed once: each FAQ entry used to rebuild them all
    for i, item in enumerate(kb.faq.items):
        r.check("FAQ group", item.group, d["faq.yml"], ("items", i, "group"))
        if r.check("page", item.page, d["faq.yml"], ("items", i, "page"), pages) and item.anchor:
            if item.page not in anchors:
                anchors[item.page] = page_anchors(kb, item.page)
            r.check(f"anchor on page {item.page!r}", item.anchor, d["faq.yml"], ("items", i, "anchor"), anchors[item.page])
    for i, check in enumerate(kb.ethics_checklist.items):
        r.check("checklist phase", check.phase, d["ethics_checklist.yml"], ("items", i, "phase"))
    for doc, area in collections["practice_areas"]:
        for j, ident in enumerate(area.sources):
            r.check("source", ident, doc, ("sources", j))
        for j, ident in enumerate(area.authorities):
            r.check("authority", ident, doc, ("authorities", j))
        for j, ident in enumerate(area.related):
            r.check("practice area", ident, doc, ("related", j))
        for ti, task in enumerate(area.tasks):
            for j, ident in enumerate(task.boundaries):
                r.check("boundary", ident, doc, ("tasks", ti, "boundaries", j))
    for doc, tpl in collections["templates"]:
        for j, ident in enumerate(tpl.authorities):
            r.check("authority", ident, doc, ("authorities", j))
    return r


# Pages that are not generated per item, by id (path without .md).
STATIC_PAGES = (
    "home", "start-here", "roles", "practice-areas", "boundaries", "supervision", "hiring",
    "provider-evaluation", "working-together", "working-together/communication",
    "working-together/delivery", "working-together/security", "working-together/billing",
    "support-models", "costs", "faq", "ethics-checklist", "glossary", "sources",
)  # fmt: skip


def page_ids(kb: KnowledgeBase) -> list[str]:
    """Every page id a reference may point to."""
    return [*STATIC_PAGES, *(f"practice-areas/{a.id}" for a in kb.practice_areas)]


def page_anchors(kb: KnowledgeBase, page: str) -> set[str]:
    """Item ids that get their own anchor on a page."""
    groups = kb.provider_evaluation.groups
    table: dict[str, list[str]] = {
        "boundaries": [b.id for b in kb.boundaries.items] + [g.id for g in kb.boundaries.groups],
        "supervision": [a.id for a in kb.authorities.items],
        "sources": [x.id for x in kb.sources.items] + [a.id for a in kb.authorities.items],
        "provider-evaluation": [g.id for g in groups] + [q.id for g in groups for q in g.questions],
        "costs": [f.id for f in kb.costs.figures],
        "roles": [x.id for x in kb.roles.items],
        "glossary": [t.id for t in kb.glossary.items],
        "faq": [x.id for x in kb.faq.items],
        "ethics-checklist": [x.id for x in kb.ethics_checklist.items],
        "working-together/communication": [x.id for x in kb.communication.practices]
        + [x.id for x in kb.communication.channels],
        "working-together/delivery": [x.id for x in kb.delivery.methods],
        "working-together/security": [x.id for x in kb.security.controls],
        "working-together/billing": [x.id for x in kb.billing.arrangements] + [x.id for x in kb.billing.practices],
        "support-models": [x.id for x in kb.support_models.approaches] + [x.id for x in kb.support_models.providers],
        "hiring": [x.id for x in kb.hiring.process] + [x.id for x in kb.hiring.interview_questions],
    }
    for area in kb.practice_areas:
        table[f"practice-areas/{area.id}"] = [t.id for t in area.tasks]
    return set(table.get(page, []))


# ------------------------------------------------------------------------ firm profiles

IMAGE_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


@dataclass(frozen=True)
class LoadedFirm:
    """A validated firm profile with where it came from."""

    profile: FirmProfile
    path: Path
    doc: Document

    def defaulted(self, *loc: str) -> bool:
        """True when the field at loc was not written in the profile."""
        data: Any = self.doc.data
        for part in loc:
            if not isinstance(data, dict) or part not in data:
                return True
            data = data[part]
        return False

    @property
    def logo_path(self) -> Path | None:
        """Absolute path of the logo, if any."""
        logo = self.profile.firm.logo
        return (self.path.parent / logo).resolve() if logo else None


def load_firm(path: Path, kb: KnowledgeBase) -> LoadedFirm:
    """Load and validate one firm profile against kb; raise InputError with every problem."""
    doc = load(path, _rel(path, kb.root))
    problems: list[Problem] = []
    profile = check_model(doc, FirmProfile, problems)
    if profile is None:
        raise InputError(problems)
    r = Refs()
    areas = [a.id for a in kb.practice_areas]
    for i, ident in enumerate(profile.practice_areas):
        r.check("practice area", ident, doc, ("practice_areas", i), areas)
    for i, att in enumerate(profile.supervising_attorneys):
        for j, ident in enumerate(att.practice_areas):
            r.check(
                "practice area", ident, doc, ("supervising_attorneys", i, "practice_areas", j), profile.practice_areas,
                hint="an attorney's areas must also be listed in the profile's practice_areas",
            )  # fmt: skip
    for i, ident in enumerate(profile.communication.channels):
        r.check("channel", ident, doc, ("communication", "channels", i), [c.id for c in kb.communication.channels])
    for i, ident in enumerate(profile.delivery.methods):
        r.check("delivery method", ident, doc, ("delivery", "methods", i), [m.id for m in kb.delivery.methods])
    for i, ident in enumerate(profile.systems):
        r.check("system", ident, doc, ("systems", i), [x.id for x in kb.systems.items])
    for i, ident in enumerate(profile.templates or []):
        r.check("template", ident, doc, ("templates", i), [t.id for t in kb.templates])
    people = [a.name for a in profile.supervising_attorneys] + [c.name for c in profile.support.contacts]
    for i, name in enumerate(profile.communication.escalation):
        r.check(
            "person", name, doc, ("communication", "escalation", i), people,
            hint="list supervising attorneys or provider contacts by name",
        )  # fmt: skip
    _check_unique(r, doc, ("practice_areas",), profile.practice_areas)
    _check_unique(r, doc, ("systems",), profile.systems)
    if profile.firm.logo:
        logo = (path.parent / profile.firm.logo).resolve()
        loc = ("firm", "logo")
        if not logo.is_file():
            r.problems.append(doc.problem(loc, f"logo file not found: {profile.firm.logo!r} (paths are relative to the profile)"))
        else:
            head = logo.read_bytes()[:512]
            is_svg = logo.suffix.lower() == ".svg" and b"<svg" in logo.read_bytes()[:4096]
            if not is_svg and not any(head.startswith(sig) for sig in IMAGE_SIGNATURES):
                r.problems.append(doc.problem(loc, f"logo is not a PNG, JPEG, GIF or SVG image: {profile.firm.logo!r}"))
    if profile.templates_dir:
        tdir = (path.parent / profile.templates_dir).resolve()
        if not tdir.is_dir():
            r.problems.append(doc.problem(("templates_dir",), f"folder not found: {profile.templates_dir!r}"))
    if r.problems:
        raise InputError(r.problems)
    return LoadedFirm(profile=profile, path=path, doc=doc)


def _check_unique(r: Refs, doc: Document, loc: tuple[Any, ...], values: list[str]) -> None:
    seen: set[str] = set()
    for i, v in enumerate(values):
        if v in seen:
            r.problems.append(doc.problem(loc + (i,), f"{v!r} is listed twice"))
        seen.add(v)
