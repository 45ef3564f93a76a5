"""One-sentence factual summaries of events (ACLED's ``notes`` column), built only from
the record's fields: who did what to whom, where, when, the toll and who says so."""

from __future__ import annotations

from datetime import date

from eventwire.records import Actor, Event

# What the source did, by ACLED sub-event type (or PLOVER type when ACLED has none).
VERBS = {
    "Air/drone strike": "carried out air strikes",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "set off an explosive device",
    "Suicide bomb": "carried out a suicide bombing",
    "Grenade": "threw grenades",
    "Chemical weapon": "used chemical weapons",
    "Armed clash": "clashed",
    "Government regains territory": "retook territory",
    "Non-state actor overtakes territory": "took territory",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence",
    "Peaceful protest": "demonstrated",
    "Protest with intervention": "intervened in a protest",
    "Excessive force against protesters": "used lethal force against protesters",
    "Violent demonstration": "rioted",
    "Mob violence": "attacked as a mob",
    "Arrests": "arrested",
    "Looting/property destruction": "looted or destroyed property",
    "Agreement": "reached an agreement",
    "Other": "mobilised",
    "CONSULT": "met",
    "REQUEST": "made a request",
    "REJECT": "rejected a proposal",
    "ACCUSE": "accused",
    "THREATEN": "threatened",
    "AGREE": "agreed to cooperate",
    "SUPPORT": "expressed support",
    "AID": "provided aid",
    "SANCTION": "imposed sanctions",
    "MOBILIZE": "mobilised forces",
    "RETREAT": "stood down",
    "COERCE": "took coercive action",
    "ASSAULT": "used violence",
    "PROTEST": "protested",
}
TARGETED = {"attacked", "abducted", "arrested", "accused", "threatened", "clashed"}


def _names(actors: tuple[Actor, ...]) -> str:
    names = list(dict.fromkeys(a.name for a in actors))
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _when(event: Event) -> str:
    value = event.date.value
    if not value:
        return ""
    d = date.fromisoformat(value)
    if event.date.precision == 3:
        return f"In {d:%B %Y}, "
    if event.date.precision == 2:
        return f"In the week of {d.day} {d:%B %Y}, "
    return f"On {d.day} {d:%B %Y}, "


def _where(event: Event) -> str:
    p = event.place
    if p is None:
        return ""
    parts = [p.text if p.text and p.text != p.name else p.name]
    if p.admin1 and p.admin1 not in parts[0]:
        parts.append(p.admin1)
    near = "near " if p.geo_precision == 2 and p.feature == "PPL" else "in "
    return f" {near}{', '.join(parts)}"


def notes(event: Event) -> str:
    """A one-sentence summary, e.g. 'On 8 September 2018, Military Forces of Syria carried
    out air strikes near Abdeen, Idlib. 3 civilians killed. Reported by a civil defence source.'"""
    verb = VERBS.get(event.acled_sub_event_type or "", VERBS.get(event.type, "acted"))
    source = _names(event.source_actors) or "Unidentified actors"
    target = _names(event.target_actors)
    action = f"{verb} {target}" if target and verb in TARGETED else verb
    if target and verb == "clashed":
        action = f"clashed with {target}"
    elif target and verb not in TARGETED:
        action = f"{verb} (affecting {target})"
    sentence = f"{_when(event)}{source} {action}{_where(event)}."
    sentence = sentence[0].upper() + sentence[1:]
    if event.fatalities is not None:
        victims = " ".join(event.fatalities.victims[:1]) or "people"
        sentence += f" {event.fatalities.best} {victims} killed."
    if event.reported_by:
        sentence += f" Reported by {'; '.join(event.reported_by)}."
    return sentence
