"""What the site holds about a person, section by section: for the data export and for the erasure (DSGVO Art. 15,
17 and 20).

core sits below every app that holds personal data, so it imports none of them. Each app registers its sections in
its `AppConfig.ready()` (as `django.contrib.sitemaps` is fed by the apps), and the privacy app runs them:

    from core import personal_data
    personal_data.register_member_section(
        "forum_likes", title=_("Likes"), export=export_likes, erase=erase_likes
    )

A **member section** has
  `export(user)`  an iterable of JSON-serialisable dicts (datetimes allowed); stream it (`.iterator()`), a member
                  may have 10,000 posts;
  `erase(user, *, keep_contributions)`  removes or anonymises the section's rows. It runs inside the erasure's
                  transaction, in `order` (lower first; the account itself goes last). With `keep_contributions`
                  public contributions stay, shown as "Former member"; without, they go (a post others replied to
                  stays as a placeholder).

A **guest section** is data held about an e-mail address without an account (comments, subscriptions):
  `export(email)`, `erase(email) -> int` and `withdraw(email) -> int` (notification subscriptions withdrawn).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FORMER_MEMBER = _("Former member")


@dataclass(frozen=True)
class MemberSection:
    name: str
    title: str
    export: Callable[..., Iterable[dict]] | None = None
    erase: Callable[..., None] | None = None
    order: int = 0


@dataclass(frozen=True)
class GuestSection:
    name: str
    title: str
    export: Callable[[str], Iterable[dict]] | None = None
    erase: Callable[[str], int] | None = None
    withdraw: Callable[[str], int] | None = None
    has_data: Callable[[str], bool] | None = None


_member_sections: dict[str, MemberSection] = {}
_guest_sections: dict[str, GuestSection] = {}


def register_member_section(name, *, title, export=None, erase=None, order=0) -> MemberSection:
    """Add a section of a member's data; `name` is the file name in the export (registering again replaces)."""
    section = MemberSection(name=name, title=title, export=export, erase=erase, order=order)
    _member_sections[name] = section
    return section


def register_guest_section(name, *, title, export=None, erase=None, withdraw=None, has_data=None) -> GuestSection:
    """Add a section of what is held about an e-mail address without an account."""
    section = GuestSection(name=name, title=title, export=export, erase=erase, withdraw=withdraw, has_data=has_data)
    _guest_sections[name] = section
    return section


def member_sections() -> list[MemberSection]:
    """In the order of registration (the export's order)."""
    return list(_member_sections.values())


def member_erasers() -> list[MemberSection]:
    """The sections that erase something, in their `order`."""
    return sorted((section for section in _member_sections.values() if section.erase), key=lambda s: s.order)


def guest_sections() -> list[GuestSection]:
    return list(_guest_sections.values())
