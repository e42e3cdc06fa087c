from tests.assessments.conftest import (  # noqa: F401  (shared fixtures)
    _fixture_content_rows,
    fixture_content,
    world,
)
