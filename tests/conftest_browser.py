"""Browser context options shared by the browser tests."""

# The vendored axe-core is injected as a script; the page's own CSP would refuse it.
CHROMIUM_CONTEXT = {"bypass_csp": True, "reduced_motion": "reduce"}
