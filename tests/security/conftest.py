from tests.assessments.conftest import fixture_content, world  # noqa: F401  (shared fixtures)
