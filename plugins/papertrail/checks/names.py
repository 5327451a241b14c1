"""Rules about names: each names one topic, and stories list the topics they mention."""

from __future__ import annotations

from collections.abc import Iterator

from papertrail.checks import CheckInput, kept_each, rule, stable
from papertrail.content.model import FieldPath, Story
from papertrail.content.problems import Problem, Severity


@rule("unique-entity-names")
def check_unique_entity_names(given: CheckInput) -> Iterator[Problem]:
    """Each name or alias belongs to one entity, so a mention can be linked unambiguously."""
    owner: dict[str, str] = {}
    for entity in sorted(given.content.entities.values(), key=lambda e: e.id):
        for index, name in enumerate(entity.names):
            key = name.casefold()
            field: FieldPath = ("name",) if index == 0 else ("aliases", index - 1)
            if key in owner and owner[key] != entity.id:
                yield entity.origin.problem(field, f"'{name}' is also a name of entity '{owner[key]}'")
            owner.setdefault(key, entity.id)


@rule("listed-entities-mentioned")
def check_listed_entities_mentioned(given: CheckInput) -> Iterator[Problem]:
    """A story lists the entities its prose mentions, and mentions those it lists (warnings)."""
    links = given.analysis.links

    def check(story: Story) -> Iterator[Problem]:
        mentioned = links.story_mentions.get(story.id, set())
        for index, entity_id in enumerate(story.entities):
            if (
                entity_id in given.content.entities
                and entity_id not in mentioned
                and entity_id not in story.unmentioned
            ):
                yield story.origin.problem(
                    ("entities", index),
                    f"'{entity_id}' is listed but the story never mentions it",
                    Severity.WARNING,
                )
        for entity_id in sorted(mentioned - set(story.entities)):
            name = links.context[(story.id, entity_id)][2]
            yield story.origin.problem(
                ("entities",),
                f"the story mentions '{name}' but does not list entity '{entity_id}'",
                Severity.WARNING,
            )

    stories = tuple(given.content.stories.values())
    # A story's mentions are the last build's very set while it was not searched again.
    mentions = [links.story_mentions.get(story.id) for story in stories]
    entity_ids = stable(given, "entity-ids", tuple(given.content.entities))
    return kept_each(given, "listed-entities-mentioned", stories, check, (entity_ids,), mentions)
