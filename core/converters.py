class UsernameConverter:
    """Matches what Django's username validator allows, so odd input (a NUL byte) is a 404, not a query."""

    regex = r"[\w.@+-]{1,150}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
