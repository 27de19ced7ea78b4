class UsernameConverter:
    """Matches what Django's username validator allows, so odd input (a NUL byte) is a 404, not a query."""

    regex = r"[\w.@+-]{1,150}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TokenConverter:
    """A random token as `secrets.token_urlsafe()` makes it (URL-safe base64), so other input (a NUL byte) is a 404
    before any query."""

    regex = r"[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
