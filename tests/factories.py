"""factory-boy factories for test data (the fixtures/ folder is the demo corpus, not test data)."""

import factory
from django.contrib.auth.models import Group, User

from annotations import roles
from annotations.models import Article, Assignment, Comment, Evidence, Label, Span, Verdict
from annotations.text import quote_context, text_sha256

ARTICLE_TEXT = (
    "The minister said unemployment fell to 4.2 percent in March.\n\n"
    "Critics said the figure ignores part-time workers. Officials denied it."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def _in_group(name: str) -> factory.PostGeneration:
    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=name))

    return role


class EditorFactory(UserFactory):
    role = _in_group(roles.EDITORS)


class ModeratorFactory(UserFactory):
    """Moderators work in the admin, so they have staff access (as `set_role` gives them)."""

    is_staff = True
    role = _in_group(roles.MODERATORS)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    source = "Example Times"
    text = factory.Sequence(lambda n: f"{ARTICLE_TEXT}\n\nArticle number {n}.")
    text_sha256 = factory.LazyAttribute(lambda article: text_sha256(article.text))
    created_by = factory.SubFactory(EditorFactory)


class SpanFactory(factory.django.DjangoModelFactory):
    """A span over `start`..`end` of its article's text (the first sentence by default)."""

    class Meta:
        model = Span
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = 60
    prefix = factory.LazyAttribute(lambda s: quote_context(s.article.text, s.start, s.end)[0])
    quote = factory.LazyAttribute(lambda s: s.article.text[s.start : s.end])
    suffix = factory.LazyAttribute(lambda s: quote_context(s.article.text, s.start, s.end)[2])
    created_by = factory.SubFactory(EditorFactory)

    @factory.post_generation
    def highlighters(span, create, extracted, **kwargs):
        if create:
            span.highlighters.add(*(extracted or [span.created_by]))


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    span = factory.SubFactory(SpanFactory)
    reviewer = factory.SubFactory(EditorFactory)
    label = Label.SUPPORTED
    rationale = "Matches the statistics office's March release."


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    verdict = factory.SubFactory(VerdictFactory)
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = "Statistics office release"
    note = "Table 1 gives the rate."


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment in a claim's discussion, stored as written (the services check the text)."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    span = factory.SubFactory(SpanFactory)
    author = factory.SubFactory(EditorFactory)
    text = "The office's table gives 4.4 percent, not 4.2."

    @factory.post_generation
    def mentions(comment, create, extracted, **kwargs):
        if create and extracted:
            comment.mentions.add(*extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An article given to an editor by a moderator, without a due date unless given one."""

    class Meta:
        model = Assignment

    article = factory.SubFactory(ArticleFactory)
    reviewer = factory.SubFactory(EditorFactory)
    assigned_by = factory.SubFactory(ModeratorFactory)
