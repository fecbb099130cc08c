"""A real OpenID Connect provider for the SSO tests: django-oauth-toolkit in its own process.

`serve.py` runs it; `running.py` starts it from a test and puts a small proxy in
front that can rewrite the token endpoint's answer (forged and replayed tokens).
"""
