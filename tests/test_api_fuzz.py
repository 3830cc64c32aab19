"""schemathesis against the API's OpenAPI schema: every operation, all checks, a fixed seed.

0 server errors and 0 schema violations: the schema tells generated clients the truth.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from factcheck.wsgi import application
from tests.factories import ArticleFactory, EvidenceFactory, SpanFactory, VerdictFactory

# Every check runs. A schema cannot say which ids exist or which characters stored text may
# not hold, so a well-formed request may still get a 400, 404 or 409 that names the field.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
            }
        }
    }
)
# The schema as the API serves it at /api/schema/, made without a request.
SCHEMA = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)
SCHEMA.app = application
OPERATIONS = {
    operation.label: operation
    for operation in (result.ok() for result in SCHEMA.get_all_operations())
}
EXAMPLES_PER_OPERATION = 40

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """As Django's test client does: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(editor, wsgi_keeps_the_test_connection) -> str:
    """An editor's token, with an article, a claim, a verdict and evidence to find."""
    article = ArticleFactory(created_by=editor)
    span = SpanFactory(article=article, created_by=editor, highlighters=[editor])
    EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))
    return Token.objects.get_or_create(user=editor)[0].key


def takes_input(operation) -> bool:
    """Whether the operation has parameters or a body that a request can get wrong."""
    definition = operation.definition.raw
    return bool(definition.get("parameters") or operation.path_parameters or operation.body)


CASES = [
    pytest.param(label, mode, id=f"{label}-{mode.value}")
    for label, operation in sorted(OPERATIONS.items())
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    # A request without parameters or body has nothing to get wrong.
    if mode == GenerationMode.POSITIVE or takes_input(operation)
]


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_operation_answers_as_the_schema_says(label, mode, token):
    """Valid requests (positive) and requests the schema forbids (negative, to be refused)."""
    headers = {"Authorization": f"Token {token}"}

    @given(case=OPERATIONS[label].as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate(headers=headers)

    answers_as_documented()
