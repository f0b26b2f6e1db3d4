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
from bot.people.own_words import words_for
from bot.platform import audit
from bot.platform.buttons import NotSafe, OnIt
from bot.platform.replies import Button, Reply
from bot.platform.runtime import Runtime
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


def _key(alert_id: int | None, kind: str, person_id: int | None) -> str:
    part = "to" if kind == kinds.SAFEGUARDING_ALERT else "escalate"
    return f"alert:{alert_id}:{part}:{person_id}"


def alert_id_of(row: Notification) -> int | None:
    """The alert a safeguarding notification belongs to (its key says so)."""
    parts = row.key.split(":")
    if len(parts) >= 2 and parts[0] == "alert" and parts[1].isdigit():
        return int(parts[1])
    return None


def workers_for(session: Session, child: Person) -> list[Person]:
    """The adults told at once: the child's IRO and social worker, if active."""
    found = []
    for person_id, role in ((child.iro_id, "iro"), (child.social_worker_id, "social_worker")):
        person = session.get(Person, person_id) if person_id else None
        if person is not None and person.active and person.role == role:
            found.append(person)
    return found


def reachable(person: Person) -> bool:
    return person.active and person.telegram_user_id is not None and not person.unreachable


def managers(session: Session) -> list[Person]:
    return list(
        session.exec(
            select(Person)
            .where(Person.role == "manager")
            .where(col(Person.active).is_(True))
            .order_by(col(Person.id))
        )
    )


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
) -> Raised:
    """Record the alert, queue its notifications, and say what to send now (see module)."""
    alert = Alert(
        child_id=child.id,  # type: ignore[arg-type]
        actor_id=actor.id,
        review_id=review_id,
        concerns=list(concerns),
        rules=list(rules),
        source=source[:60],
        words=words,
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
    workers = workers_for(session, child)
    rows: list[tuple[Notification, Person]] = []
    for worker in workers:
        row = Notification(
            key=_key(alert.id, kinds.SAFEGUARDING_ALERT, worker.id),
            kind=kinds.SAFEGUARDING_ALERT,
            review_id=review_id,
            recipient_id=worker.id,  # type: ignore[arg-type]
            about_id=child.id,
            due_at=now + SEND_GRACE,
            created_at=now,
        )
        session.add(row)
        rows.append((row, worker))
    # Nobody can be told at once (no one linked, or everyone blocked the bot): the
    # managers are told now, not in 30 minutes.
    anyone = any(reachable(worker) for worker in workers)
    escalate_at = now + ESCALATE_AFTER if anyone else now
    bosses = managers(session)
    for manager in bosses:
        session.add(
            Notification(
                key=_key(alert.id, kinds.SAFEGUARDING_ESCALATION, manager.id),
                kind=kinds.SAFEGUARDING_ESCALATION,
                review_id=review_id,
                recipient_id=manager.id,  # type: ignore[arg-type]
                about_id=child.id,
                due_at=escalate_at,
                created_at=now,
            )
        )
    session.flush()
    if not bosses:
        log.error("alert %s: there is no active manager to escalate to", alert.id)
    if not anyone:
        log.error("alert %s: no IRO or social worker can be reached; managers told now", alert.id)
    log.warning(
        "safeguarding alert %s for child %s (%s) from %s; telling %s",
        alert.id,
        child.id,
        ",".join(concerns),
        source,
        [w.id for w in workers],
    )
    to_staff: list[Reply] = []
    for row, worker in rows:
        if not reachable(worker):
            continue
        bodies, buttons = alert_message(session, alert, worker, now, zone, escalation=False)
        chat_id = worker.telegram_user_id or 0
        parts = [Reply(chat_id, body, notification_id=row.id) for body in bodies]
        parts[-1].buttons = buttons
        to_staff += parts
    to_actor = [_tell_actor(session, now, alert, child, actor, workers, zone)]
    return Raised(alert, to_actor, to_staff)


def names_of(render: Renderer, people: list[Person]) -> str:
    names = [person.name for person in people]
    if not names:
        return render.plain(safety.CHILD_TOLD_TEAM)
    if len(names) == 1:
        return names[0]
    return render.plain(safety.AND, first=", ".join(names[:-1]), second=names[-1])


def _tell_actor(
    session: Session,
    now: datetime,
    alert: Alert,
    child: Person,
    actor: Person,
    workers: list[Person],
    zone: ZoneInfo,
) -> Reply:
    """What the child (or the adult helping them) reads at once."""
    chat_id = actor.telegram_user_id or 0
    if actor.id != child.id:
        render = Renderer(actor.locale, zone=zone)
        who = names_of(render, workers)
        return Reply(chat_id, render(safety.HELPER_TOLD, child=child.name.split()[0], who=who))
    render = Renderer(child.locale, words_for(session, child), zone)
    who = names_of(render, workers)
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
    render = Renderer(recipient.locale, words_for(session, child), zone)
    values = {
        "child": child.name,
        "concerns": concerns_text(render, alert.concerns),
        "when": render.when(alert.created_at),
        "source": source_text(session, alert, render),
        "minutes": int(ESCALATE_AFTER.total_seconds() // 60),
    }
    if escalation:
        told = workers_for(session, child)
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
        blocks.append(render(safety.STAFF_WORDS, child=child.name) + "\n" + quotes[0])
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
    escalation = row.kind == kinds.SAFEGUARDING_ESCALATION
    if escalation and alert.acknowledged_at is not None:
        return None
    return alert_message(session, alert, recipient, now, zone, escalation=escalation)


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
