"""What other apps show on a member's public profile.

accounts sits below the apps that hold a member's contributions, so it cannot import them. Each of them registers a
section in its `AppConfig.ready()` instead (as `django.contrib.sitemaps` is fed by the apps): a callable
`section(member, viewer)` that returns a dict with at least `template` (rendered on the profile page with the dict as
`section`), or None to show nothing.
"""

_sections = []


def register(section):
    """Add `section(member, viewer)` to every profile page, in the order of registration."""
    if section not in _sections:
        _sections.append(section)
    return section


def for_profile(member, viewer) -> list[dict]:
    """The sections to show on `member`'s profile page to `viewer`."""
    return [shown for shown in (section(member, viewer) for section in _sections) if shown]
