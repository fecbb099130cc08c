"""The prompt library: questions worth asking in a 1:1, by what a 1:1 is for."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PromptGroup:
    key: str
    title: str
    prompts: tuple[str, ...]


FIRST_ONE_ON_ONE = PromptGroup(
    "first",
    "For your first 1:1",
    (
        "How do you like to get feedback: written, spoken, right away or saved up?",
        "What makes a bad day at work for you?",
        "What makes a great day?",
        "How do you like your work to be recognised, in public or in private?",
        "What should I know about you that isn't on your CV?",
        "What do you expect from me as your manager?",
        "How should we use these 1:1s?",
    ),
)

LIBRARY = (
    PromptGroup(
        "feedback",
        "Feedback, both ways",
        (
            "What is one thing I could do differently to support you better?",
            "What is working well for you right now, and what isn't?",
            "Is there feedback you've been holding back, for me or for the team?",
            "What did you think of how the last project went?",
        ),
    ),
    PromptGroup(
        "performance",
        "How it's going",
        (
            "How do you think you're doing against what we agreed?",
            "What are you most proud of since we last talked?",
            "Where would you like more specific feedback from me?",
            "Is anything unclear about what's expected of you?",
        ),
    ),
    PromptGroup(
        "career",
        "Career and the road ahead",
        (
            "Where would you like to be in two years: leading people, or going deeper as an engineer?",
            "Which skill do you want to build next, and how can I help?",
            "What milestone should we set before our next career conversation?",
            "How do you see the product's roadmap, and where do you fit in it?",
        ),
    ),
    PromptGroup(
        "relationship",
        "You, and how you are",
        (
            "How are you, really?",
            "What's taking most of your energy at the moment, at work or outside it?",
            "Is there anything that makes it hard to be candid with me?",
            "What's something good that happened recently?",
        ),
    ),
    PromptGroup(
        "process",
        "What's harder than it should be",
        (
            "What is slowing you down that shouldn't be?",
            "Are you getting blocked or interrupted more than you'd like?",
            "Which meeting or process would you drop if you could?",
            "What did you bring to me before that I haven't acted on yet?",
        ),
    ),
)


def prompt_groups(*, first_meeting: bool) -> tuple[PromptGroup, ...]:
    return (FIRST_ONE_ON_ONE, *LIBRARY) if first_meeting else LIBRARY


def is_library_prompt(text: str) -> bool:
    return any(text in group.prompts for group in (FIRST_ONE_ON_ONE, *LIBRARY))
