"""Forum data at scale for `seed_scale`: categories, threads and posts with valid reply trees and exact counters.

Paths, positions, depths and branch counters are computed exactly as `forum.services.reply_to_thread` computes
them; `post_count`, `last_post` and `last_activity_at` of threads and categories count what the services count
(published posts, neither hidden nor deleted, in listed threads).
"""

from datetime import timedelta

from django.db import transaction
from django.utils.text import slugify

from forum.models import PATH_MAX_DEPTH, PATH_SEGMENT_WIDTH, Category, Post, Thread, path_segment

TOP_LEVEL_NAMES = [
    "Allgemeines",
    "Haus & Garten",
    "Technik",
    "Freizeit & Reisen",
    "Küche",
    "Verein",
    "Mobilität",
    "Geld & Recht",
]
SUB_NAMES = [
    "Vorstellungsrunde",
    "Plauderecke",
    "Gemüsebeet",
    "Obstbäume",
    "Heimwerken",
    "Heizung & Energie",
    "Computer & Netzwerk",
    "Smartphones",
    "Fotografie",
    "Wandern",
    "Radtouren",
    "Camping",
    "Brot & Kuchen",
    "Einmachen",
    "Rezepte",
    "Termine",
    "Protokolle",
    "Bahn & Bus",
    "Auto",
    "Fahrrad",
    "Steuern",
    "Miete",
    "Versicherungen",
    "Marktplatz",
]
POST_COLUMNS = (
    "id",
    "thread_id",
    "author_id",
    "parent_id",
    "body",
    "body_html",
    "created_at",
    "position",
    "path",
    "depth",
    "status",
    "is_hidden",
    "hidden_reason",
    "is_deleted",
)
THREAD_COLUMNS = (
    "id",
    "category_id",
    "title",
    "slug",
    "author_id",
    "created_at",
    "last_activity_at",
    "post_count",
    "last_post_id",
    "last_position",
    "branch_count",
    "is_pinned",
    "is_locked",
    "is_hidden",
    "hidden_reason",
)
FLUSH_ROWS = 50_000
PUBLISHED = Post.Status.PUBLISHED.value


def generate(*, writer, pool, rng, members, categories, threads, posts, big_thread, since, now, progress):
    category_ids, public_ids = _create_categories(writer, categories, rng)
    sizes = _thread_sizes(rng, threads, posts, big_thread)
    big_index = threads // 10
    span = (now - since).total_seconds()
    starts = sorted(since + timedelta(seconds=rng.random() * span * 0.98) for _ in range(threads))
    totals = {pk: {"threads": 0, "posts": 0, "last": None} for pk in category_ids}

    next_thread_id, next_post_id = writer.next_id(Thread), writer.next_id(Post)
    thread_rows, post_rows = [], []
    bar = progress("posts", posts)
    for index, size in enumerate(sizes):
        thread_id = next_thread_id + index
        big = index == big_index
        # The long thread and the one of 20 posts the benchmark reads sit in public categories.
        category_id = rng.choice(public_ids if big or index == 1 else category_ids)
        start = starts[index]
        end = now - timedelta(hours=1) if big else min(now, start + timedelta(days=rng.expovariate(1 / 12)))
        rows, summary = _thread_posts(
            rng, pool, members, thread_id, next_post_id, size, start, end, big=big, author=rng.choice(members)
        )
        next_post_id += size
        post_rows.extend(rows)
        hidden = rng.random() < 0.002 and not big and index != 1
        title = "Der lange Stammtisch-Faden" if big else pool.title()
        thread_rows.append(
            (
                thread_id,
                category_id,
                title,
                slugify(title)[:160] or "thema",
                rows[0][2],
                start,
                summary["last_at"],
                summary["count"],
                summary["last_id"],
                size,
                summary["branches"],
                rng.random() < 0.002,
                rng.random() < 0.01,
                hidden,
                "Doppelt gepostet" if hidden else "",
            )
        )
        if not hidden:
            total = totals[category_id]
            total["threads"] += 1
            total["posts"] += summary["count"]
            candidate = (summary["last_at"], thread_id, summary["last_id"])
            if total["last"] is None or candidate > total["last"]:
                total["last"] = candidate
        if len(post_rows) >= FLUSH_ROWS or index == len(sizes) - 1:
            with transaction.atomic():
                writer.write(Thread, THREAD_COLUMNS, thread_rows)
                writer.write(Post, POST_COLUMNS, post_rows)
            bar.advance(len(post_rows))
            thread_rows, post_rows = [], []
    bar.finish()
    with transaction.atomic():
        for pk, total in totals.items():
            Category.objects.filter(pk=pk).update(
                thread_count=total["threads"],
                post_count=total["posts"],
                last_post_id=total["last"][2] if total["last"] else None,
            )


def _create_categories(writer, count, rng):
    """A fifth of the categories top-level, the rest their subcategories; the last one for members only."""
    first_id = writer.next_id(Category)
    top = max(1, count // 5)
    rows, public_ids = [], []
    for number in range(count):
        pk = first_id + number
        if number < top:
            name, parent = TOP_LEVEL_NAMES[number % len(TOP_LEVEL_NAMES)], None
        else:
            name, parent = SUB_NAMES[(number - top) % len(SUB_NAMES)], first_id + (number - top) % top
        if number >= len(TOP_LEVEL_NAMES) + len(SUB_NAMES):
            name = f"{name} {number}"
        members_only = count >= 3 and number == count - 1
        rows.append((pk, name, f"{slugify(name)}-{pk}", f"Alles über {name}.", number, parent, False, members_only))
        if not members_only:
            public_ids.append(pk)
    columns = ("id", "name", "slug", "description", "order", "parent_id", "is_closed", "members_only")
    with transaction.atomic():
        writer.write(Category, columns, rows)
    return [row[0] for row in rows], public_ids


def _thread_sizes(rng, threads, posts, big_thread):
    """Posts per thread (opening post included): one of `big_thread`, the second of exactly 20 when possible,
    the rest long-tailed; the sizes add up to `posts`."""
    sizes = [1] * threads
    big_index = threads // 10
    sizes[big_index] = big_thread
    spare = posts - big_thread - (threads - 1)
    if threads > 2 and spare >= 19:
        sizes[1] += 19
        spare -= 19
    others = [index for index in range(threads) if index not in (big_index, 1)] or [big_index]
    weights = [rng.paretovariate(1.6) for _ in others]
    scale = spare / sum(weights)
    given = 0
    for index, weight in zip(others, weights, strict=True):
        extra = int(weight * scale)
        sizes[index] += extra
        given += extra
    for _ in range(spare - given):
        sizes[rng.choice(others)] += 1
    return sizes


def _thread_posts(rng, pool, members, thread_id, first_id, size, start, end, *, big, author):
    """The rows of one thread's posts, in position order, and the thread's counters."""
    seconds = max((end - start).total_seconds(), size)
    offsets = sorted(rng.random() * seconds for _ in range(size - 1))
    paths, depths, rows = [path_segment(0)], [0], []
    body, html = pool.pick()
    rows.append((first_id, thread_id, author, None, body, html, start, 1, paths[0], 0, PUBLISHED, False, "", False))
    branches, chain, count, last_id, last_at = 0, 0, 1, first_id, start
    for position in range(2, size + 1):
        previous = position - 2  # index of the post just before
        roll = rng.random()
        if chain:
            parent, chain = previous, chain - 1
        elif big and roll < 0.002:
            parent, chain = previous, rng.randint(40, 200)  # a long back-and-forth: deep reply chains
        elif roll < 0.45:
            parent = 0
        elif roll < 0.8:
            parent = previous
        else:
            parent = rng.randrange(max(0, previous - 200), previous + 1)
        parent_depth = depths[parent]
        if parent_depth == 0:
            branches += 1
            path, depth = path_segment(branches), 1
        elif parent_depth >= PATH_MAX_DEPTH:
            path, depth = paths[parent][:-PATH_SEGMENT_WIDTH] + path_segment(position), parent_depth
        else:
            path, depth = paths[parent] + path_segment(position), parent_depth + 1
        paths.append(path)
        depths.append(depth)
        created = start + timedelta(seconds=offsets[position - 2])
        roll = rng.random()
        deleted, hidden = roll < 0.003, 0.003 <= roll < 0.004
        body, html = pool.pick()
        post_id = first_id + position - 1
        rows.append(
            (
                post_id,
                thread_id,
                rng.choice(members),
                first_id + parent,
                body,
                html,
                created,
                position,
                path,
                depth,
                PUBLISHED,
                hidden,
                "Werbung" if hidden else "",
                deleted,
            )
        )
        if not deleted and not hidden:
            count += 1
            last_id, last_at = post_id, created
    return rows, {"count": count, "last_id": last_id, "last_at": last_at, "branches": branches}
