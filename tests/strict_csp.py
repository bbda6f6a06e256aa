"""Serve pages to the test browser under a Content-Security-Policy without 'unsafe-inline'.

Whatever the app's own headers, the browser then refuses any inline script, inline style or
event-handler attribute, and says so on the console; ``enforce_strict_csp`` collects those.
"""

STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def enforce_strict_csp(page):
    """Add the strict policy to every response; return the list the refusals are written to."""
    refusals = []

    def with_policy(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_POLICY}
        route.fulfill(response=response, headers=headers)

    page.route("**/*", with_policy)
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refusals
