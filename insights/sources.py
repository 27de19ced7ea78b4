"""Figures that other apps add to the dashboard without importing insights (it stands above them).

An app that has something to count defines a module `<app>/insights.py`; insights imports it at start-up
(like the admin's `admin.py`) and reads these names, each optional:

- `ACTIVITY`: a list of `(key, label, count)` where `count(start, end)` returns how many happened in
  `[start, end)` — likes, solved threads, … They appear in the activity table next to posts and comments.
- `SEARCH_QUERIES`: a function `(start_day, end_day, limit)` returning `{"top": [(query, searches, results)],
  "zero": [(query, searches)]}` from the search log — shown as the Search block.

Sources insights knows itself (members, threads, posts, comments) live in insights/figures.py.
"""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

activity_sources = []  # (key, label, count)
search_sources = []  # functions


def register_activity(key, label, count):
    if key not in {source[0] for source in activity_sources}:
        activity_sources.append((key, label, count))


def autodiscover():
    for config in apps.get_app_configs():
        if config.name == "insights" or not module_has_submodule(config.module, "insights"):
            continue
        module = import_module(f"{config.name}.insights")
        for key, label, count in getattr(module, "ACTIVITY", []):
            register_activity(key, label, count)
        if getattr(module, "SEARCH_QUERIES", None) is not None:
            search_sources.append(module.SEARCH_QUERIES)
