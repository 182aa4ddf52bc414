"""The serve fixtures (defined with the tests of tests/serve/test_serve.py) for every test here."""

from test_serve import launched, serve_standin, standin_project  # noqa: F401
