"""When a child may not be safe: the child is helped at once, the adults know within a minute.

Every word a child sends (or a carer or social worker types for them) goes
through ``bot.disclosure.detect``; so does a typed answer to "Do you feel safe at
home?", which also alerts when it says no. Tapping "🆘 I don't feel safe", or
"No" to that question, counts as a disclosure too. On any of these,
:func:`raise_alert`, in the caller's transaction:

1. adds an ``Alert`` row: the child, the concerns, the rule ids, the child's words
   (sealed), where they came from, and when; and an audit row (no words);
2. adds one ``Notification`` per adult to tell (the child's IRO and social worker),
   kind ``safeguarding_alert``, due a minute later, and one per active manager,
   kind ``safeguarding_escalation``, due 30 minutes later;
3. returns the replies: the child's (told at once, kindly, what happens next, with
   Childline and 999, never promising secrecy) and the adults' alerts, each marked
   with its notification id.

The handler sends the child's reply and then the alerts in the same update, and
records each alert as sent (:func:`immediate_send_done`). An alert that could not
be sent stays pending and the reminders dispatcher sends it (with retries) on its
next pass, whatever the hour: safeguarding notifications have no quiet hours. The
escalation is cancelled when someone taps "I'm on it" (:func:`acknowledge`): the
child's IRO or social worker, or a manager once the escalation reached them.
Every alert, every send and every acknowledgement is in the audit log.

False alarms are acceptable; misses are not. The child's answer is saved exactly
as any other, and their consultation carries on where it was.

Privacy: logs carry ids and concern names, never words.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.calendar import notification_kinds as kinds
from bot.calendar.workdays import LONDON
from bot.people.addresses import address_of
from bot.people.own_words import chosen_words, words_for
from bot.people.records import first_name
from bot.platform import audit
from bot.platform.buttons import NotSafe, OnIt
from bot.platform.replies import Button, Reply
from bot.platform.runtime import Runtime
from bot.safeguarding import duty
from bot.safeguarding.written_in import english_name, written_in
from messages import safety
from messages import text as common_text
from messages.questions import load_question_set
from messages.render import Renderer, pack, quote_long
from models import Alert, Consultation, Notification, Person
from models.reminders import PENDING, SENT

log = logging.getLogger(__name__)

ESCALATE_AFTER: Final = timedelta(minutes=30)
SEND_GRACE: Final = timedelta(minutes=1)
"""An alert is sent at once with the update; the dispatcher sends it only if that has
not been recorded within this long (a crash mid-update), or at once when it failed."""
AGAIN_WITHIN: Final = timedelta(hours=1)
"""A second alert this soon gets the child a shorter reply (with the numbers still)."""
BUTTON_RULE: Final = "button.not_safe"
CHOICE_RULE: Final = "choice.home_safe_no"
BANDS: Final = ("4-8", "9-12", "13+")


def sos_button(render: Renderer, child_id: int | None) -> Button:
    """The "🆘 I don't feel safe" button, for the child (or their helper) to tap any time."""
    return Button(render.plain(safety.NOT_SAFE_BUTTON), NotSafe(child_id or 0))


@dataclass
class Raised:
    """An alert just added, and who to tell: the child (or helper) first, then the adults."""

    alert: Alert
    to_actor: list[Reply]
    to_staff: list[Reply]

    @property
    def replies(self) -> list[Reply]:
        return [*self.to_actor, *self.to_staff]


# --- raising an alert --------------------------------------------------------------


_KEY_PARTS = {
    kinds.SAFEGUARDING_ALERT: "to",
    kinds.SAFEGUARDING_ESCALATION: "escalate",
    kinds.SAFEGUARDING_TALK: "talk",
}


def _key(alert_id: int | None, kind: str, person_id: int | None) -> str:
    return f"alert:{alert_id}:{_KEY_PARTS[kind]}:{person_id}"


def alert_id_of(row: Notification) -> int | None:
    """The alert a safeguarding notification belongs to (its key says so)."""
    parts = row.key.split(":")
    if len(parts) >= 2 and parts[0] == "alert" and parts[1].isdigit():
        return int(parts[1])
    return None


def workers_for(session: Session, child: Person) -> list[Person]:
    """The child's own adults, told of every alert: their IRO and social worker, if active."""
    found = []
    for person_id, role in ((child.iro_id, "iro"), (child.social_worker_id, "social_worker")):
        person = session.get(Person, person_id) if person_id else None
        if person is not None and person.active and person.role == role:
            found.append(person)
    return found


reachable = duty.reachable


def managers(session: Session) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .where(Person.role == "manager")
            .where(col(Person.active).is_(True))
            .order_by(col(Person.id))
        )
    )


def _queue(
    session: Session,
    alert: Alert,
    kind: str,
    person: Person,
    due_at: datetime,
    now: datetime,
) -> Notification:
    row = Notification(
        key=_key(alert.id, kind, person.id),
        kind=kind,
        review_id=alert.review_id,
        recipient_id=person.id,  # type: ignore[arg-type]
        about_id=alert.child_id,
        due_at=due_at,
        created_at=now,
    )
    session.add(row)
    return row


def _language_of(words: str | None, child: Person) -> str | None:
    found = written_in(words, child.locale) if words else None
    return found.code if found else None


def raise_alert(
    session: Session,
    now: datetime,
    *,
    child: Person,
    actor: Person,
    concerns: tuple[str, ...] | list[str],
    rules: tuple[str, ...] | list[str],
    source: str,
    words: str | None = None,
    review_id: int | None = None,
    zone: ZoneInfo = LONDON,
    chat_id: int | None = None,
) -> Raised:
    """Record the alert, queue its notifications, and say what to send now (see module).

    The child is told exactly who is being told: the adults who can be reached now,
    in the chat they wrote in (``chat_id``; by default, where they are usually written to)."""
    alert = Alert(
        child_id=child.id,  # type: ignore[arg-type]
        actor_id=actor.id,
        review_id=review_id,
        concerns=list(concerns),
        rules=list(rules),
        source=source[:60],
        words=words,
        written_in=_language_of(words, child),
        created_at=now,
    )
    session.add(alert)
    session.flush()
    audit.record(
        session,
        now,
        "alert_raised",
        actor=actor,
        child_id=child.id,
        review_id=review_id,
        detail=f"alert {alert.id}: {', '.join(concerns)} ({source})",
    )
    # The child's own adults are always queued (the outbox retries, and reports, any
    # that cannot be reached); only those who can be reached now are sent it now.
    workers = workers_for(session, child)
    rows = [
        (_queue(session, alert, kinds.SAFEGUARDING_ALERT, worker, now + SEND_GRACE, now), worker)
        for worker in workers
    ]
    reached = [worker for worker in workers if reachable(worker)]
    on_duty = duty.duty_for(session, now, zone, reached)
    rows += [
        (_queue(session, alert, kinds.SAFEGUARDING_ALERT, person, now + SEND_GRACE, now), person)
        for person in on_duty
    ]
    # Nobody of the child's, and nobody on duty: the managers are told now, not in 30 minutes.
    anyone = bool(reached or on_duty)
    bosses = managers(session)
    escalations = [
        (
            _queue(
                session,
                alert,
                kinds.SAFEGUARDING_ESCALATION,
                manager,
                now + ESCALATE_AFTER if anyone else now,
                now,
            ),
            manager,
        )
        for manager in bosses
    ]
    session.flush()
    told: list[tuple[Notification, Person, bool]] = [
        (row, person, False) for row, person in rows if reachable(person)
    ]
    if not anyone:
        told += [(row, person, True) for row, person in escalations if reachable(person)]
    log.warning(
        "safeguarding alert %s for child %s (%s) from %s; telling %s",
        alert.id,
        child.id,
        ",".join(concerns),
        source,
        [person.id for _, person, _ in told],
    )
    if not told:
        alert.unreached_at = now
        session.add(alert)
        log.critical(
            "alert %s for child %s reached nobody: no IRO, social worker, duty worker or "
            "manager can be reached. Add a duty route (people add --role duty) and read "
            "`myreview alerts show %s` now",
            alert.id,
            child.id,
            alert.id,
        )
    to_staff: list[Reply] = []
    for row, person, escalation in told:
        bodies, buttons = alert_message(session, alert, person, now, zone, escalation=escalation)
        their_chat = address_of(person) or 0
        parts = [Reply(their_chat, body, notification_id=row.id) for body in bodies]
        parts[-1].buttons = buttons
        to_staff += parts
    people_told = [person for _, person, _ in told]
    here = chat_id if chat_id is not None else address_of(actor) or 0
    to_actor = [_tell_actor(session, now, alert, child, actor, people_told, zone, here)]
    return Raised(alert, to_actor, to_staff)


def names_of(render: Renderer, people: list[Person]) -> str:
    """Adults' names as a worker reads them: "Jo Example and Pat Sample"."""
    return _joined(render, [person.name for person in people])


def _joined(render: Renderer, names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if not names:
        return render.translate(safety.CHILD_TOLD_TEAM)
    if len(names) == 1:
        return names[0]
    return render.plain(safety.AND, first=", ".join(names[:-1]), second=names[-1])


def told_as_the_child_says(render: Renderer, people: list[Person], chosen: dict[str, str]) -> str:
    """Who was told, in the child's own words: their IRO's first name, what they call
    their social worker (or the first name), and "the people who keep children safe"
    for duty staff and managers. Never a full name."""
    names = []
    for person in people:
        if person.role == "iro":
            names.append(first_name(person))
        elif person.role == "social_worker":
            names.append(chosen.get("social_worker") or first_name(person))
        else:
            names.append(render.translate(safety.CHILD_TOLD_TEAM))
    return _joined(render, names)


def told_as_a_helper_reads_it(render: Renderer, people: list[Person]) -> str:
    """Who was told, for the adult helping a child: first names and roles."""
    names = [
        render.plain(
            safety.NAME_AND_ROLE,
            name=first_name(person),
            role=render.translate(common_text.ROLE_WORDS.get(person.role, person.role)),
        )
        for person in people
    ]
    return _joined(render, names)


def _tell_actor(
    session: Session,
    now: datetime,
    alert: Alert,
    child: Person,
    actor: Person,
    told: list[Person],
    zone: ZoneInfo,
    chat_id: int,
) -> Reply:
    """What the child (or the adult helping them) reads at once: who was told, truly."""
    if actor.id != child.id:
        render = Renderer(actor.locale, zone=zone)
        if not told:
            return Reply(chat_id, render(safety.HELPER_TOLD_NOBODY, child=first_name(child)))
        who = told_as_a_helper_reads_it(render, told)
        return Reply(chat_id, render(safety.HELPER_TOLD, child=first_name(child), who=who))
    render = Renderer(child.locale, words_for(session, child), zone)
    if not told:
        return Reply(chat_id, render(safety.CHILD_TOLD_NOBODY))
    who = told_as_the_child_says(render, told, chosen_words(session, child))
    if alert.source == "button":
        return Reply(chat_id, render(safety.CHILD_TOLD_BUTTON, who=who))
    earlier = session.exec(
        select(Alert.id)
        .where(Alert.child_id == child.id)
        .where(Alert.id != alert.id)
        .where(col(Alert.created_at) >= now - AGAIN_WITHIN)
        .limit(1)
    ).first()
    msgid = safety.CHILD_TOLD_AGAIN if earlier is not None else safety.CHILD_TOLD
    return Reply(chat_id, render(msgid, who=who))


def sent_to(session: Session, alert: Alert) -> list[Person]:
    """Who has this alert in their chat: its notifications that were sent."""
    rows = session.exec(
        select(Notification)
        .where(col(Notification.key).like(f"alert:{alert.id}:%"))
        .where(Notification.status == SENT)
        .order_by(col(Notification.id))
    )
    ids = [row.recipient_id for row in rows if alert_id_of(row) == alert.id]
    people = (session.get(Person, person_id) for person_id in dict.fromkeys(ids))
    return [person for person in people if person is not None]


def reached_nobody(session: Session, alert: Alert) -> bool:
    """Nobody has the alert, and nobody who can be reached is about to get it."""
    rows = session.exec(
        select(Notification).where(col(Notification.key).like(f"alert:{alert.id}:%"))
    ).all()
    for row in rows:
        if alert_id_of(row) != alert.id:
            continue
        if row.status == SENT:
            return False
        person = session.get(Person, row.recipient_id)
        # Pending and reachable counts only if it is about to go: an alert, or an
        # escalation brought forward (one 30 minutes away is not "about to").
        soon = row.kind == kinds.SAFEGUARDING_ALERT or row.due_at <= alert.created_at
        if row.status == PENDING and person is not None and reachable(person) and soon:
            return False
    return True


def unreached_alerts(session: Session) -> list[Alert]:
    """Open alerts (nobody has said "I'm on it") that reached nobody, oldest first."""
    return list(
        session.exec(
            select(Alert)
            .where(col(Alert.acknowledged_at).is_(None))
            .where(col(Alert.unreached_at).is_not(None))
            .order_by(col(Alert.id))
        )
    )


def on_undelivered(session: Session, now: datetime, row: Notification, zone: ZoneInfo) -> None:
    """A safeguarding message could not be delivered for good: make sure someone is told.

    If nobody has the alert and nobody reachable is about to get it, the duty staff are
    queued and the managers' escalation is brought forward to now; if even that reaches
    nobody, it is a CRITICAL line (and the alert tops every manager's ``/reviews``)."""
    alert_id = alert_id_of(row)
    alert = session.get(Alert, alert_id) if alert_id is not None else None
    if alert is None or alert.acknowledged_at is not None or not reached_nobody(session, alert):
        return
    for person in duty.duty_for(session, now, zone, []):
        key = _key(alert.id, kinds.SAFEGUARDING_ALERT, person.id)
        if session.exec(select(Notification.id).where(Notification.key == key)).first() is None:
            _queue(session, alert, kinds.SAFEGUARDING_ALERT, person, now, now)
    session.exec(  # type: ignore[call-overload]
        update(Notification)
        .where(col(Notification.key).like(f"alert:{alert.id}:escalate:%"))
        .where(col(Notification.status) == PENDING)
        .values(due_at=now)
    )
    session.flush()
    if reached_nobody(session, alert):
        alert.unreached_at = alert.unreached_at or now
        session.add(alert)
        log.critical("alert %s reached nobody: its messages could not be delivered", alert.id)
    else:
        log.warning("alert %s could not reach its first adults: duty and managers now", alert.id)


# --- what the adults read ------------------------------------------------------------


def _band(session: Session, alert: Alert) -> str:
    if alert.review_id is None:
        return "13+"
    consultation = session.exec(
        select(Consultation).where(Consultation.review_id == alert.review_id)
    ).first()
    band = consultation.band if consultation is not None else ""
    return band if band in BANDS else "13+"


def source_text(session: Session, alert: Alert, render: Renderer) -> str:
    """Where the words came from, for the adults ("My Review, answering …")."""
    kind, _, rest = alert.source.partition(":")
    template = safety.SOURCE_STAFF.get(kind, safety.SOURCE_STAFF["message"])
    if kind not in ("answer", "choice"):
        return render.plain(template)
    key, _, option = rest.partition(":")
    try:
        question = load_question_set().question(key)
    except KeyError:
        return render.plain(safety.SOURCE_STAFF["message"])
    asked = render.plain(question.text_for(_band(session, alert)))
    answer = ""
    if option:
        found = next((o for o in question.options if o.key == option), None)
        answer = render.plain(found.label) if found else option
    return render.plain(template, question=asked, answer=answer)


def concerns_text(render: Renderer, concerns: list[str]) -> str:
    return ", ".join(render.translate(safety.CONCERN_STAFF.get(c, c)) for c in concerns)


def alert_message(
    session: Session,
    alert: Alert,
    recipient: Person,
    now: datetime,
    zone: ZoneInfo = LONDON,
    *,
    escalation: bool,
) -> tuple[list[str], list[list[Button]]]:
    """The alert as Telegram HTML bodies (each under the limit), with "I'm on it" last."""
    child = session.get(Person, alert.child_id)
    assert child is not None
    render = Renderer(recipient.locale, words_for(session, child, recipient.locale), zone)
    values = {
        "child": child.name,
        "concerns": concerns_text(render, alert.concerns),
        "when": render.when(alert.created_at),
        "source": source_text(session, alert, render),
        "minutes": int(ESCALATE_AFTER.total_seconds() // 60),
    }
    if escalation:
        told = sent_to(session, alert)
        values["told"] = names_of(render, told) if told else render.plain(safety.NOBODY_TOLD)
        head = render(safety.STAFF_ESCALATION, **values)
    else:
        head = render(safety.STAFF_ALERT, **values)
    blocks = [head]
    actor = session.get(Person, alert.actor_id) if alert.actor_id else None
    if actor is not None and actor.id != child.id:
        role = render.translate(common_text.ROLE_WORDS.get(actor.role, common_text.ROLE_CARER))
        blocks.append(render(safety.STAFF_TYPED_BY, helper=actor.name, role=role, child=child.name))
    if alert.words:
        quotes = quote_long(alert.words, limit=3500)
        if alert.written_in and alert.written_in != "en":
            said = render(
                safety.STAFF_WORDS_IN, child=child.name, language=english_name(alert.written_in)
            )
        else:
            said = render(safety.STAFF_WORDS, child=child.name)
        blocks.append(said + "\n" + quotes[0])
        blocks += quotes[1:]
    elif alert.source == "button" or alert.source.startswith("choice:"):
        blocks.append(render(safety.STAFF_NO_WORDS, child=child.name))
    else:
        blocks.append(render(safety.STAFF_WORDS_REMOVED))
    buttons: list[list[Button]] = []
    if alert.acknowledged_at is not None and alert.acknowledged_by_id is not None:
        by = session.get(Person, alert.acknowledged_by_id)
        blocks.append(
            render(
                safety.STAFF_ALREADY_ON_IT,
                name=by.name if by else "",
                when=render.when(alert.acknowledged_at),
            )
        )
    else:
        blocks.append(render(safety.STAFF_ALERT_FOOTER, **values))
        buttons = [[Button(render.plain(safety.ACK_BUTTON), OnIt(alert.id or 0))]]
    return pack(blocks), buttons


def notification_message(
    session: Session, row: Notification, recipient: Person, now: datetime, zone: ZoneInfo
) -> tuple[list[str], list[list[Button]]] | None:
    """For the dispatcher: the message a safeguarding row sends now, or None if not needed
    (an escalation once someone is on it, or an alert that no longer exists)."""
    alert_id = alert_id_of(row)
    alert = session.get(Alert, alert_id) if alert_id is not None else None
    if alert is None:
        return None
    if row.kind == kinds.SAFEGUARDING_TALK:
        return talk_message(session, alert, recipient, zone)
    escalation = row.kind == kinds.SAFEGUARDING_ESCALATION
    if escalation and alert.acknowledged_at is not None:
        return None
    return alert_message(session, alert, recipient, now, zone, escalation=escalation)


def talk_message(
    session: Session, alert: Alert, recipient: Person, zone: ZoneInfo
) -> tuple[list[str], list[list[Button]]]:
    """ "Sky would like to talk to someone", with "I'm on it" while nobody is."""
    child = session.get(Person, alert.child_id)
    render = Renderer(recipient.locale, zone=zone)
    body = render(
        safety.STAFF_WANTS_TO_TALK,
        child=child.name if child else "",
        when=render.when(alert.created_at),
    )
    if alert.acknowledged_at is not None:
        return [body], []
    return [body], [[Button(render.plain(safety.ACK_BUTTON), OnIt(alert.id or 0))]]


def wants_to_talk(
    session: Session,
    now: datetime,
    alert: Alert,
    child: Person,
    zone: ZoneInfo,
    chat_id: int | None = None,
) -> Raised:
    """The child asked to talk to someone after telling the bot they may not be safe:
    everyone who has the alert (or is about to) hears it at once; the child is told
    who, truly."""
    rows = session.exec(
        select(Notification)
        .where(col(Notification.key).like(f"alert:{alert.id}:%"))
        .where(
            col(Notification.kind).in_((kinds.SAFEGUARDING_ALERT, kinds.SAFEGUARDING_ESCALATION))
        )
        .order_by(col(Notification.id))
    ).all()
    people: list[Person] = []
    told: list[tuple[Notification, Person]] = []
    for row in rows:
        person = session.get(Person, row.recipient_id)
        if person is None or not reachable(person) or any(p.id == person.id for p in people):
            continue
        if row.status != SENT and not (row.status == PENDING and row.due_at <= now + SEND_GRACE):
            continue
        people.append(person)
        key = _key(alert.id, kinds.SAFEGUARDING_TALK, person.id)
        if session.exec(select(Notification.id).where(Notification.key == key)).first() is None:
            row = _queue(session, alert, kinds.SAFEGUARDING_TALK, person, now + SEND_GRACE, now)
            told.append((row, person))
    session.flush()
    audit.record(
        session, now, "alert_talk", actor=child, child_id=child.id, detail=f"alert {alert.id}"
    )
    log.info("alert %s: the child asked to talk; telling %s", alert.id, [p.id for _, p in told])
    to_staff: list[Reply] = []
    for row, person in told:
        bodies, buttons = talk_message(session, alert, person, zone)
        parts = [Reply(address_of(person) or 0, body, notification_id=row.id) for body in bodies]
        parts[-1].buttons = buttons
        to_staff += parts
    render = Renderer(child.locale, words_for(session, child), zone)
    here = chat_id if chat_id is not None else address_of(child) or 0
    if people:
        who = told_as_the_child_says(render, people, chosen_words(session, child))
        mine = Reply(here, render(safety.CHILD_TALK_TOLD, who=who))
    else:
        mine = Reply(here, render(safety.CHILD_TALK_NOBODY))
    return Raised(alert, [mine], to_staff)


# --- sent -------------------------------------------------------------------------------


def on_sent(session: Session, now: datetime, row: Notification) -> None:
    """A safeguarding message reached its reader (at once, or by the dispatcher): audit it,
    and mark the alert escalated when a manager has it."""
    alert_id = alert_id_of(row)
    alert = session.get(Alert, alert_id) if alert_id is not None else None
    if alert is None:
        return
    recipient = session.get(Person, row.recipient_id)
    if row.kind == kinds.SAFEGUARDING_ESCALATION and alert.escalated_at is None:
        alert.escalated_at = now
        session.add(alert)
    # Who now has the child's words: the reader is the one recorded (the bot sent it).
    audit.record(
        session,
        now,
        "alert_delivered",
        actor=recipient,
        child_id=alert.child_id,
        review_id=alert.review_id,
        detail=f"alert {alert.id} ({row.kind}), sent by the bot",
    )
    log.info("alert %s (%s) delivered to person %s", alert.id, row.kind, row.recipient_id)


def immediate_send_done(rt: Runtime, notification_id: int, message_id: int | None) -> None:
    """The handler sent an alert in the update itself: the dispatcher must not send it."""
    now = rt.clock.now()
    with rt.session() as session:
        row = session.get(Notification, notification_id)
        if row is None:
            return
        claimed = session.exec(  # type: ignore[call-overload]
            update(Notification)
            .where(col(Notification.id) == notification_id)
            .where(col(Notification.status) == PENDING)
            .values(
                status=SENT,
                sent_at=now,
                claimed_at=now,
                claimed_by="update",
                attempts=Notification.attempts + 1,
                telegram_message_id=message_id,
                last_error=None,
            )
        )
        if claimed.rowcount == 0:
            # The dispatcher got there first (a very slow send): the reader has it twice.
            log.warning("alert notification %s was also sent by the dispatcher", row.id)
        on_sent(session, now, row)


def immediate_send_failed(rt: Runtime, notification_id: int, cause: str) -> None:
    """Sending in the update failed: the dispatcher's next pass (within a minute) retries."""
    now = rt.clock.now()
    with rt.session() as session:
        session.exec(  # type: ignore[call-overload]
            update(Notification)
            .where(col(Notification.id) == notification_id)
            .where(col(Notification.status) == PENDING)
            .values(due_at=now, last_error=f"sent with the update: {cause}"[:200])
        )
    log.warning(
        "alert notification %s not sent with the update (%s): queued", notification_id, cause
    )


# --- "I'm on it" --------------------------------------------------------------------------
