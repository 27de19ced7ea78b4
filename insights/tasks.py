from django.tasks import task


@task
def collect_insights():
    """Fold the counted page views into the daily table (what `manage.py collect_insights` does at once)."""
    from insights.counting import fold, forget_old_batches
    from insights.figures import warm_activity

    views = fold()
    forget_old_batches()
    warm_activity()
    return views
