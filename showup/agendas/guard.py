"""The off-topic guard: does a talking point look like work catch-up rather than a 1:1 topic?

A 1:1 is for the person: feedback, growth, problems, the relationship. Status
updates, ticket triage, design and code reviews and task planning belong
elsewhere. The judge weighs two kinds of evidence in the text:

- **catch-up**, per kind: a work artifact (a pull request, a design doc, the
  backlog, the sprint's tasks), made stronger by a work action on it ("review",
  "go through", "estimate") or a progress report ("the migration is done");
- **1:1**: feelings, growth, feedback between people, the relationship, life,
  and complaints about how work works. These win when the work artifact is only
  the backdrop: "I'm worried the ticket backlog is stressing the team".

It nudges only when catch-up clearly outweighs the 1:1 evidence: a wrong
nudge costs more than a missed one. Plain vocabularies, no model file: it loads
instantly and every verdict can be explained by the cues it found.
"""

import re
from dataclasses import dataclass

KINDS = ("status-update", "ticket-triage", "design-review", "code-review", "task-planning")
# On a tie, the more specific kind names the nudge.
TIE_ORDER = ("code-review", "ticket-triage", "status-update", "task-planning", "design-review")
MIN_CATCH_UP = 2.0
MARGIN = 0.75


def words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# Work artifacts, strong (unmistakable on their own) and weak (need an action).
ARTIFACTS: dict[str, tuple[str, str]] = {
    "code-review": (
        words(
            "prref",
            r"pull requests?",
            r"merge requests?",
            "prs?",
            "diffs?",
            r"merge conflicts?",
            "hotfix",
            "code walkthrough",
            r"code reviews?",
            r"lint(?:ing)? errors?",
            r"is (?:this|my) [\w\s]+ (?:ok|safe|correct|right|good enough)",
            "error handling",
            "null pointer",
        ),
        words(
            "code",
            "commits?",
            "branch",
            r"(?:unit |integration )?tests?",
            "test suite",
            r"refactor\w*",
            "implementation",
            "endpoint",
            "function",
            "module",
            "script",
            r"sql \w+",
            "query",
            "terraform",
            "changes",
        ),
    ),
    "design-review": (
        words(
            r"design docs?",
            "design document",
            "rfc",
            "architecture",
            "schema",
            r"data ?model",
            "erd",
            r"mockups?",
            r"wireframes?",
            r"diagrams?",
            "api design",
            "api contract",
            "system design",
            "tech(?:nical)? spec",
            "table structure",
            "class hierarchy",
            "ux flow",
            "interface design",
            "should we use",
            r"proposal to (?:split|move|replace|migrate|rewrite)",
            "monolith",
            "microservices",
        ),
        words(
            "design",
            "api",
            "framework",
            "database",
            r"(?:message )?queue",
            "cache",
            "caching",
            "protocol",
            "format",
            "model",
            "service",
            "cluster",
            "library",
            "stack",
            "approach",
            "options",
        ),
    ),
    "status-update": (
        words(
            r"status updates?",
            r"status (?:of|on)",
            r"progress (?:on|of|this|report)",
            r"updates? (?:on|about|you on)",
            "weekly update",
            "project update",
            "quick status",
            "rundown",
            "recap",
            "where (?:i am|we are|things stand)",
            "how far along",
            "current state",
            r"i (?:finished|shipped|completed|deployed|fixed|started|merged|got done|wrapped up|closed)",
            r"(?:is|are|was|were) (?:now )?(?:done|live|merged|deployed|shipped|ready|finished|released|complete)",
            r"\d+ ?% (?:done|complete)",
            r"how [\w\s-]+ (?:is going|went)",
            r"what (?:i|we|the team) (?:got done|did|shipped|finished)",
            "demo of",
            r"results (?:of|from)",
            r"(?:deployed|released) to",
            "finished on",
        ),
        words(
            "status",
            "progress",
            "update",
            r"results?",
            "numbers",
            "metrics",
            "coverage",
            "demo",
            "report",
            "rollout",
            "launch",
        ),
    ),
    "ticket-triage": (
        words(
            "triage",
            "ticketref",
            "backlog",
            "bug queue",
            "jira",
            "zendesk",
            r"github issues",
            "bug list",
            r"support tickets",
            r"p[0-3] bugs?",
            r"escalations?",
            "needs-triage",
        ),
        words(
            r"tickets?",
            r"bugs?",
            "issues",
            "incidents",
            r"bug reports?",
            r"crash reports?",
            r"regressions?",
            "defects",
            r"sprint board",
            "board",
            "tracker",
            r"p[0-3]s?",
            "bug bash",
        ),
    ),
    "task-planning": (
        words(
            "sprint planning",
            "story points",
            r"work breakdown",
            r"task list",
            r"to-?do list",
            r"who (?:should|takes|will|owns) \w+",
            "decide who",
            "what should i work on",
            "what is left to do",
            "order of (?:work|tasks)",
            "rollout steps",
            r"estimat\w*",
            r"(?:make|draw up) a plan",
            r"plan (?:for|the steps|next|my|our|the) \w+",
            r"break [\w\s]+ into (?:tickets|tasks|stories)",
            r"(?:split|break) [\w\s]+ into",
        ),
        words(
            r"tasks?",
            r"stories",
            "story",
            "epic",
            "sprint",
            r"deadlines?",
            "timeline",
            r"milestones?",
            r"dates",
            "effort",
            r"deliverables?",
            "work",
            "steps",
            "release duty",
            "release notes",
            "code freeze",
            "cutover",
        ),
    ),
}

# Work actions, and which kind of catch-up each one suggests.
ACTIONS: dict[str, str] = {
    "code-review": words(
        r"review\w*",
        "look (?:at|over)",
        r"take a look",
        "glance at",
        "check",
        "approve",
        "merge",
        "go through",
        "go over",
        "walk through",
        "pair on",
        r"second pair of eyes",
        "feedback on my",
        "comments on my",
        r"is (?:this|my) [\w\s]+ (?:ok|safe|correct|right)",
    ),
    "design-review": words(
        r"review\w*",
        "go (?:over|through)",
        "walk through",
        "discuss",
        "decide between",
        "choose",
        "pick(?: between)?",
        r"should (?:we|the [\w\s]+) (?:use|pick|go with)",
        r"which [\w\s]+ should we",
        "evaluate",
        "compare",
        "feedback on",
    ),
    "status-update": words(
        "update you",
        "tell you how",
        "share how",
        "share the",
        "report(?: the| on)?",
        "present",
        "show you",
        r"i (?:finished|shipped|completed|deployed|fixed|started|merged|got done)",
        r"(?:is|are) (?:done|live|merged|deployed|shipped|ready|finished)",
        r"finished on",
        r"\d+ ?% (?:done|complete)",
        r"how [\\w\\s-]+ (?:is going|went)",
        "what (?:i|we|the team) (?:got done|did|shipped)",
        "deployed to",
    ),
    "ticket-triage": words(
        "triage",
        r"prioriti[sz]\w*",
        r"re-?prioriti[sz]\w*",
        "groom",
        "label",
        "close",
        "cleanup",
        "clean up",
        "go (?:through|over)",
        "walk through",
        "sort through",
        r"review\w*",
        "assign",
        "which of the",
        "which bugs",
        r"to fix(?: first)?",
        "decide severity",
        "need owners",
        "keeps getting reopened",
        "move",
    ),
    "task-planning": words(
        "plan",
        "planning",
        r"estimat\w*",
        "split",
        r"break (?:down|[\w\s]+ into)",
        "schedule",
        "assign",
        "allocate",
        r"set (?:dates|the deadline|priorities)",
        "decide what",
        "decide the order",
        r"who (?:should|takes|owns|will)",
        "pick up",
        "agree on",
        "create",
        "make a",
        "for the",
    ),
}

# A 1:1 is about the person: each group counts once per distinct word found, at most twice.
PERSONAL: list[tuple[str, float]] = [
    # Feelings and wellbeing
    (
        words(
            r"worr\w*",
            r"concern\w*",
            r"stress\w*",
            r"anxi\w*",
            "nervous",
            r"overwhelm\w*",
            r"burn\w*",
            r"exhaust\w*",
            "tired",
            r"frustrat\w*",
            "upset",
            "angry",
            "sad",
            "unhappy",
            "happy",
            "proud",
            r"excit\w*",
            r"confiden\w*",
            "imposter",
            "scared",
            "afraid",
            "dread",
            "stuck",
            "bored",
            r"demotivat\w*",
            r"demoralis\w*",
            r"motivat\w*",
            "draining",
            "wearing me down",
            "getting to me",
            "tension",
            "miss it",
            "enjoy",
        ),
        3.0,
    ),
    (words("feel", "feels", "felt", r"feeling\w*"), 2.5),
    (
        words(
            "family",
            "kids",
            "children",
            "mother",
            "father",
            "health",
            "doctor",
            r"sleep\w*",
            "vacation",
            "holiday",
            "leave",
            "sabbatical",
            r"relocat\w*",
            "personal",
            "life",
            "weekend",
            "honestly",
            "really",
        ),
        2.5,
    ),
    # Growth and career
    (
        words(
            "career",
            r"promot\w*",
            "grow",
            "growth",
            "growing",
            r"learn\w*",
            r"skills?",
            r"goals?",
            r"mentor\w*",
            r"coach\w*",
            "course",
            "conference",
            r"meetups?",
            "read",
            "shadow",
            "path",
            "aspiration",
            "strengths?",
            "weakness",
            "specialise",
            "specialize",
            "generalist",
            "salary",
            "bonus",
            "pay",
            "compensation",
            "offer",
            r"opportunit\w*",
            "visibility",
            "ownership",
            "public speaking",
            "tech talk",
            "go-to person",
            "success",
            "performance review",
            "review cycle",
            "development plan",
            "become",
            "better at",
            "improve my",
            r"company'?s? strategy",
        ),
        2.5,
    ),
    (
        words(
            "role",
            "level",
            "senior",
            "staff",
            "principal",
            "tech lead",
            "lead",
            "manager track",
            "architect role",
            "expectations",
            "expected of me",
            "another team",
            "move to",
            "moving to",
        ),
        2.0,
    ),
    # Feedback between people and the relationship
    (
        r"\bfeedback\b(?! (?:on|about|for) (?:my|the|our|this) (?:pr|prref|pull request|code|design|doc|rfc|spec|api|schema|diff|branch|commit|mockups?)\b)",
        2.5,
    ),
    (
        words(
            r"comes? across",
            "came across",
            "harsh",
            "personal",
            "you interrupted",
            "interrupted me",
            "as your manager",
            "from your point of view",
            "the way you",
            "how you",
            r"how (?:do|did|does|should|can) (?:you|i)",
            "what (?:do|would) you",
            "how are things",
            "how are you",
            "how was your",
            "for you",
            "what motivates",
            "perceives? me",
            r"thank\w*",
            r"appreciat\w*",
            "credit",
            r"recogni[sz]\w*",
            "kudos",
            r"celebrat\w*",
            "trust",
            "support",
            r"helps? me",
            "helped me",
            "our 1:1",
            "walking",
            "lunch",
            "coffee",
        ),
        2.5,
    ),
    # Complaints about how work works: process pain belongs in a 1:1
    (
        words(
            "meeting",
            "meetings",
            "process",
            "always",
            "never",
            "nobody",
            r"keeps?",
            "too (?:many|much|long|slow|often)",
            r"overrun\w*",
            "painful",
            "broken",
            "harder",
            "difficult",
            "hard",
            "impossible",
            "gatekeeping",
            r"waste\w*",
            "pointless",
            "blocked",
            r"interrupt\w*",
            "workload",
            "overtime",
            "pressure",
            "fair",
            "unfair",
            "why",
            "don't understand",
            "unclear",
            "not included",
            "enough time",
            "half my",
            "deep work",
            "can't focus",
            "say no",
            "slowing me down",
        ),
        2.0,
    ),
    # The team, the company, the future
    (
        words(
            "team",
            "colleague",
            "peers",
            "people",
            "culture",
            "morale",
            r"reorg\w*",
            "layoffs",
            "leadership",
            "company",
            "new hires",
            "stakeholders",
            "product manager",
            r"hiring",
            "conflict",
            "dynamics",
            "future",
            "next year",
            "long-term",
            "quarter",
        ),
        1.5,
    ),
    # Questions about oneself
    (
        r"\b(?:should i|am i|can i|could i|do you think i|how do i|how can i|i'd like to|i would like to|i want to|i'd love to|would like to|i'm thinking)\b",
        1.0,
    ),
]

WHERE_IT_BELONGS = {
    "status-update": "Status updates travel better in stand-up or a written update, so your 1:1 can be about you.",
    "ticket-triage": "Ticket triage belongs in backlog grooming or the team's triage meeting.",
    "design-review": "Design discussions deserve a design review with the people who will build it.",
    "code-review": "Code review works best in the pull request itself, or a pairing session.",
    "task-planning": "Task planning belongs in sprint planning or on the team's board.",
}
KIND_LABELS = {
    "status-update": "a status update",
    "ticket-triage": "ticket triage",
    "design-review": "a design review",
    "code-review": "a code review",
    "task-planning": "task planning",
}

TICKET_REFERENCE = re.compile(
    r"\b[A-Z][A-Z0-9]+-\d+\b|#\d+|\b(?:ticket|issue|bug) \d+\b", re.IGNORECASE
)
PR_REFERENCE = re.compile(r"\b(?:pr|mr|pull request|merge request) ?#?\d+\b", re.IGNORECASE)
STRONG = {kind: re.compile(strong) for kind, (strong, _) in ARTIFACTS.items()}
WEAK = {kind: re.compile(weak) for kind, (_, weak) in ARTIFACTS.items()}
ACTION = {kind: re.compile(action) for kind, action in ACTIONS.items()}
PERSONAL_CUES = [(re.compile(pattern), weight) for pattern, weight in PERSONAL]


@dataclass(frozen=True)
class Verdict:
    off_topic: bool
    kind: str | None
    catch_up: float
    personal: float

    @property
    def advice(self) -> str:
        return WHERE_IT_BELONGS.get(self.kind or "", "")

    def as_json(self, text: str) -> dict[str, object]:
        return {"text": text, "off_topic": self.off_topic, "kind": self.kind}


def normalise(text: str) -> str:
    text = PR_REFERENCE.sub(" prref ", text)
    text = TICKET_REFERENCE.sub(" ticketref ", text)
    return " ".join(text.lower().replace("’", "'").split())


def catch_up_score(kind: str, text: str) -> float:
    """A strong artifact alone is enough; a weak one needs a work action on it."""
    if STRONG[kind].search(text):
        artifact = 2.5
    elif WEAK[kind].search(text):
        artifact = 1.0
    else:
        return 0.0
    return artifact + (1.0 if ACTION[kind].search(text) else 0.0)


def personal_score(text: str) -> float:
    total = 0.0
    for pattern, weight in PERSONAL_CUES:
        distinct = {match.group(0) for match in pattern.finditer(text)}
        total += weight * min(len(distinct), 2)
    return total


def judge(text: str) -> Verdict:
    """Whether `text` looks like work catch-up, and which kind."""
    clean = normalise(text)
    by_kind = {kind: catch_up_score(kind, clean) for kind in KINDS}
    kind = max(TIE_ORDER, key=lambda name: by_kind[name])
    catch_up = by_kind[kind]
    personal = personal_score(clean)
    off_topic = catch_up >= MIN_CATCH_UP and catch_up - personal >= MARGIN
    return Verdict(
        off_topic=off_topic, kind=kind if off_topic else None, catch_up=catch_up, personal=personal
    )


# What a 1:1 topic is for, in the article's terms. The first purpose whose
# cues score highest names the point; a point judged catch-up is "catch-up".
PURPOSES = {
    "feedback": "Feedback, both ways",
    "performance": "Performance",
    "career": "Career and roadmap",
    "wellbeing": "Relationship and wellbeing",
    "process": "Process and blockers",
    "catch-up": "Work catch-up",
    "other": "Other",
}
PURPOSE_CUES: dict[str, list[str]] = {
    "feedback": [
        words(
            "feedback",
            r"comes? across",
            "harsh",
            r"thank\w*",
            "kudos",
            r"recogni[sz]\w*",
            r"appreciat\w*",
            "how i (?:ran|handled|did)",
            "do better",
            "what could i",
            "what can i do",
        )
    ],
    "performance": [
        words(
            "performance",
            "review cycle",
            r"expect\w*",
            "how am i doing",
            "on track",
            "doing against",
            r"goals?",
            "level",
            r"improv\w*",
            "strengths?",
        )
    ],
    "career": [
        words(
            "career",
            r"promot\w*",
            "grow",
            "growth",
            r"learn\w*",
            "course",
            "conference",
            r"mentor\w*",
            "manager track",
            "senior",
            "staff",
            "principal",
            "tech lead",
            "path",
            r"skills?",
            "development plan",
            "roadmap",
            "future",
            "next year",
            "strategy",
            "company goals",
            "role",
            "ownership",
            "lead",
        )
    ],
    "wellbeing": [
        words(
            "how are you",
            "really",
            r"feel\w*",
            r"stress\w*",
            r"burn\w*",
            "tired",
            "family",
            "vacation",
            "holiday",
            "health",
            "weekend",
            "life",
            "morale",
            "conflict",
            "colleague",
            "team dynamics",
            r"anxi\w*",
            r"worr\w*",
            "happy",
            "proud",
            "celebrate",
            "personal",
            "leave",
            "balance",
        )
    ],
    "process": [
        words(
            "process",
            "blocked",
            r"interrupt\w*",
            "meetings?",
            "slow",
            r"waste\w*",
            "workload",
            "on-call",
            "oncall",
            "harder than",
            "tooling",
            "ci",
            "flaky",
            "approvals",
            "priorities",
            r"reorg\w*",
            r"deploy\w*",
        )
    ],
}
COMPILED_PURPOSES = {
    purpose: [re.compile(pattern) for pattern in patterns]
    for purpose, patterns in PURPOSE_CUES.items()
}


def purpose(text: str) -> str:
    """Which of the article's purposes a talking point serves."""
    if judge(text).off_topic:
        return "catch-up"
    clean = normalise(text)
    scores = {
        name: sum(len(set(pattern.findall(clean))) for pattern in patterns)
        for name, patterns in COMPILED_PURPOSES.items()
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else "other"
