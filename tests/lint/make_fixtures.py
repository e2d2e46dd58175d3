"""Regenerate tests/lint/fixtures/*.toml: one small scenario per lint rule (run from the repo root).

Each fixture is the tiny BASE scenario plus a snippet; its first lines say what lint must
report (`# expect: CODE PATH`, or `# expect: clean`).  To cover a new rule, add an fx() call
with a snippet that triggers it (and a `_ok` near miss), run this script, then the tests:

    .venv/bin/python tests/lint/make_fixtures.py && .venv/bin/python -m pytest tests/lint
"""

from pathlib import Path

BASE = '''format = 1

[scenario]
id = "lint_fixture"
title = "Lint fixture"
summary = "A tiny scenario for one lint rule."
turns = 5

[[actors]]
id = "blue"
name = "Blue"
{blue}
[[actors.objectives]]
id = "calm"
text = "Keep things calm."
target = "tension(blue, red) < 30"

[[actors]]
id = "red"
name = "Red"
{red}
[[actors.objectives]]
id = "calm"
text = "Keep things calm."
target = "tension(blue, red) < 30"
'''
F: dict[str, tuple[list[str], str, str, str, str]] = {}
def fx(name: str, expect: list[str], body: str = "", blue: str = "", red: str = "", head: str = "") -> None:
    F[name] = (expect, body, blue, red, head)

fx("clean", [])
# moves
fx("unused_move_kind", ["W-unused-move moves[0]"], '''
[[moves]]
id = "ngo_appeal"
name = "NGO appeal"
category = "humanitarian"
actor_kinds = ["ngo"]
consent = "host"
tags = ["humanitarian_principles"]
''')
fx("unused_move_kind_ok", [], '''
[[moves]]
id = "state_appeal"
name = "State appeal"
category = "humanitarian"
actor_kinds = ["state"]
consent = "host"
tags = ["humanitarian_principles"]
''')
fx("unused_move_actor_lists", ["W-unused-move moves[0]"], '''
[[moves]]
id = "secret_offer"
name = "Secret offer"
category = "communication"
tags = ["confidentiality"]
''', blue='moves = ["consult", "stand_down"]', red='moves = ["consult", "stand_down"]')
fx("unused_move_channel", ["W-unused-move moves[0]"], '''
use_moves = ["consult", "stand_down"]

[[moves]]
id = "hotline_call"
name = "Hotline call"
category = "communication"
channels = ["hotline"]
tags = ["transparency"]
''')
fx("unused_move_channel_ok", [], '''
[[moves]]
id = "hotline_call"
name = "Hotline call"
category = "communication"
channels = ["hotline"]
tags = ["transparency"]
''')
fx("unused_move_stock_listed", ["W-unused-move use_moves[2]"], '''
use_moves = ["consult", "stand_down", "broker_ceasefire"]
''')
fx("unused_move_condition", ["W-unused-move moves[0]"], '''
[[moves]]
id = "late_offer"
name = "Late offer"
category = "communication"
condition = "turn > 10"
tags = ["mutual_respect"]
''')
fx("unused_move_condition_ok", [], '''
[[moves]]
id = "late_offer"
name = "Late offer"
category = "communication"
condition = "turn >= 5"
tags = ["mutual_respect"]
''')
fx("actor_no_moves", ["W-actor-no-moves actors[1]"], red='moves = ["broker_ceasefire"]')
fx("no_moves_at_all", ["E-no-moves actors", "W-unused-move use_moves[0]", "W-no-deescalation use_moves"], '''
use_moves = ["broker_ceasefire"]
''')
fx("unused_channel", ["W-unused-channel channels[0]"], '''
[[channels]]
id = "fishing_radio"
name = "Fishing radio"
''')
fx("unused_channel_checked_ok", [], '''
[[channels]]
id = "fishing_radio"
name = "Fishing radio"

[[debrief]]
id = "radio"
when = "channel_open(fishing_radio, blue, red)"
title = "Radio"
text = "They talked on the radio."
questions = ["Who called first?"]
''')
fx("unused_channel_ok", [], '''
[[channels]]
id = "fishing_radio"
name = "Fishing radio"

[[moves]]
id = "radio_call"
name = "Radio call"
category = "communication"
channels = ["fishing_radio"]
tags = ["transparency"]
''')
# injects
fx("dead_inject_window", ["W-dead-inject injects[0].trigger"], '''
[[injects]]
id = "storm"
title = "Storm"
text = "A storm."
trigger = { turn = 2, from_turn = 3 }
''')
fx("dead_inject_when", ["W-dead-inject injects[0].trigger"], '''
[[injects]]
id = "late_news"
title = "Late news"
text = "News."
trigger = { when = "turn < 3", from_turn = 4 }
''')
fx("dead_inject_flag", ["W-unused-move moves[0]", "W-dead-inject injects[0].trigger"], '''
[[moves]]
id = "ngo_report"
name = "NGO report"
category = "information"
actor_kinds = ["ngo"]
tags = ["transparency"]
flags = [{ flag = "report_out" }]

[[injects]]
id = "press_picks_up"
title = "Press picks up the report"
text = "News."
trigger = { when = "flag(report_out)" }
''')
fx("dead_inject_contingency_no_expects", ["W-dead-inject injects[1].trigger"], '''
[[injects]]
id = "collision"
title = "Collision"
text = "A collision."
trigger = { turn = 1 }

[[injects]]
id = "rumours"
title = "Rumours"
text = "Rumours."
trigger = { contingency_for = "collision" }
''')
fx("dead_inject_contingency_late", ["W-dead-inject injects[1].trigger"], '''
[[injects]]
id = "collision"
title = "Collision"
text = "A collision."
trigger = { turn = 5 }
expects = ["consult"]

[[injects]]
id = "rumours"
title = "Rumours"
text = "Rumours."
trigger = { contingency_for = "collision" }
''')
fx("injects_ok", [], '''
[[moves]]
id = "report"
name = "Report"
category = "information"
tags = ["transparency"]
flags = [{ flag = "report_out" }]

[[injects]]
id = "collision"
title = "Collision"
text = "A collision."
trigger = { turn = 1 }
expects = ["consult"]

[[injects]]
id = "rumours"
title = "Rumours"
text = "Rumours."
trigger = { contingency_for = "collision" }

[[injects]]
id = "press_picks_up"
title = "Press picks up the report"
text = "News."
trigger = { when = "flag(report_out) and turn >= 2", from_turn = 2, until_turn = 4 }

[[injects]]
id = "storm"
title = "Storm"
text = "A storm."
trigger = { chance = 0.2, from_turn = 2, until_turn = 2 }
''')
fx("expects_unusable", ["W-unused-move moves[0]", "W-expects-unusable injects[0].expects[1]"], '''
[[moves]]
id = "ngo_appeal"
name = "NGO appeal"
category = "humanitarian"
actor_kinds = ["ngo"]
consent = "host"
tags = ["humanitarian_principles"]

[[injects]]
id = "flood"
title = "Flood"
text = "A flood."
trigger = { turn = 1 }
expects = ["disaster_relief", "ngo_appeal"]
''')
# conditions
fx("dead_ending", ["W-dead-ending endings[0].when"], '''
[[endings]]
id = "late_peace"
title = "Peace"
when = "turn >= 6"
text = "Peace."
''')
fx("ending_always", ["W-ending-always endings[0].when"], '''
[[endings]]
id = "instant"
title = "Instant"
when = "turn >= 1 or stability >= 0"
text = "Over."
''')
fx("endings_ok", [], '''
[[endings]]
id = "peace"
title = "Peace"
when = "turn >= 5 and tension(blue, red) < 20"
text = "Peace."
''')
fx("dead_band", ["W-dead-band bands[0].when", "W-dead-band bands[2]"], '''
[[bands]]
id = "utopia"
name = "Utopia"
when = "stability > 100"

[[bands]]
id = "anything"
name = "Anything"

[[bands]]
id = "never"
name = "Never"
when = "stability > 10"
''')
fx("bands_ok", [], '''
[[bands]]
id = "defused"
name = "Defused"
when = "stability >= 70"

[[bands]]
id = "standoff"
name = "Standoff"
''')
fx("dead_debrief", ["W-dead-debrief debrief[0].when"], '''
[[debrief]]
id = "over_the_top"
when = "rung > 14"
title = "Over the top"
text = "Beyond the ladder."
questions = ["How?"]
''')
fx("dead_red_line", ["W-dead-red-line actors[0].red_lines[0].when"], '''
''', blue='''
[[actors.red_lines]]
id = "impossible"
text = "Impossible."
when = "tension(blue, red) > 100"
''')
fx("objective_unreachable", ["W-objective-unreachable objectives[0].target"], '''
[[objectives]]
id = "negative"
text = "Below zero."
target = "tension(blue, red) < 0"
''')
fx("objective_no_target", ["W-objective-no-target objectives[0]", "W-objective-no-target actors[1].objectives[0]"], '''
[[objectives]]
id = "vague"
text = "Understand diplomacy."
''', red='''
[[actors.objectives]]
id = "prestige"
text = "Look strong."
''')
fx("unread_metric", ["W-unread-metric moves[0].effects[0].metric"], '''
[[moves]]
id = "charm"
name = "Charm offensive"
category = "communication"
tags = ["mutual_respect"]
effects = [{ metric = "legitimacy", delta = 5 }, { metric = "legitimacy", who = "target", delta = -1 }]
''')
fx("unread_metric_ok", [], '''
[[moves]]
id = "charm"
name = "Charm offensive"
category = "communication"
tags = ["mutual_respect"]
effects = [{ metric = "legitimacy", delta = 5 }, { metric = "tension", delta = -2 }]

[[debrief]]
id = "charming"
when = "legitimacy(blue) > 70"
title = "Charming"
text = "Blue won hearts."
questions = ["Did it matter?"]
''')
fx("unread_flag", ["W-unread-flag moves[0].flags[0]"], '''
[[moves]]
id = "charm"
name = "Charm offensive"
category = "communication"
tags = ["mutual_respect"]
flags = [{ flag = "charmed" }]
''')
fx("move_no_tags", ["W-move-no-tags moves[0]"], '''
[[moves]]
id = "charm"
name = "Charm offensive"
category = "communication"
''')
fx("no_deescalation", ["W-no-deescalation use_moves"], '''
use_moves = ["consult", "mobilise"]
''')
fx("no_deescalation_ok", [], '''
use_moves = ["consult", "mobilise", "stand_down"]
''')
fx("runaway_race", ["W-runaway-race rules.restraint"], '''
[rules]
fear = 0.2
restraint = 0.08
''')
fx("runaway_race_ok", [], '''
[rules]
fear = 0.1
restraint = 0.2
''')
fx("actor_no_objectives", ["W-actor-no-objectives actors[2]"], '''
[[actors]]
id = "green"
name = "Green"
kind = "ngo"
''')
fx("debrief_no_questions", ["W-debrief-no-questions debrief[0]"], '''
[[debrief]]
id = "tense"
when = "tension(blue, red) > 80"
title = "Tense"
text = "It got tense."
''')
fx("debrief_ok", [], '''
[[debrief]]
id = "tense"
when = "tension(blue, red) > 80"
title = "Tense"
text = "It got tense."
questions = ["Why?"]
''')
fx("debrief_unnamed_actor", ["W-debrief-unnamed-actor debrief[0].when"], '''
[[debrief]]
id = "blue_calms"
when = "tension(red, red) < 0 or turn >= 2"
title = "Blue calms the crisis"
text = "Someone calmed things down."
questions = ["Who?"]
''')
fx("debrief_unnamed_actor_ok", [], '''
[[debrief]]
id = "blue_calms"
when = "turn >= 2 and tension(blue, red) < 50"
title = "Blue calms the crisis"
text = "Blue calmed things down."
questions = ["How?"]
''')
fx("unnamed_rung", ["W-unnamed-rung rules.max_rung"], '''
[rules]
max_rung = 16

[[ladder]]
rung = 15
name = "Regional war"
''')
fx("unnamed_rung_ok", [], '''
[rules]
max_rung = 16

[[ladder]]
rung = 15
name = "Regional war"

[[ladder]]
rung = 16
name = "War spills across the borders"
''')
# doctrine rules (docs/model.md §§ 5.3, 5.7, 7)
fx("treaty_no_trigger", ["W-treaty-no-trigger treaties[0]"], '''
[[treaties]]
id = "pact"
name = "Pact"
kind = "alliance"
members = ["blue", "red"]
collective_defence = true
''')
fx("treaty_no_trigger_ok", [], '''
[[treaties]]
id = "pact"
name = "Pact"
kind = "alliance"
members = ["blue", "red"]
collective_defence = true
trigger = "armed_attack"
''')
fx("cbm_no_category", ["W-cbm-no-category moves[0]"], '''
[[moves]]
id = "goodwill"
name = "Goodwill gesture"
category = "cbm"
tags = ["mutual_respect"]
''')
fx("cbm_no_category_ok", [], '''
[[moves]]
id = "goodwill"
name = "Goodwill gesture"
category = "cbm"
cbm = "declaratory"
tags = ["mutual_respect"]
''')
fx("humanitarian_no_consent", ["W-humanitarian-no-consent moves[0]"], '''
[[moves]]
id = "airdrop"
name = "Airdrop supplies"
category = "humanitarian"
tags = ["humanitarian_principles"]
''')
fx("humanitarian_no_consent_ok", [], '''
[[moves]]
id = "airdrop"
name = "Airdrop supplies"
category = "humanitarian"
consent = "host"
tags = ["humanitarian_principles"]
''')
fx("covert_non_attribution", ["W-covert-non-attribution moves[0].tags"], '''
[[moves]]
id = "sabotage"
name = "Sabotage"
category = "military"
cameo = "17"
tags = ["coercion", "non_attribution"]
''')
fx("covert_non_attribution_ok", [], '''
[[moves]]
id = "sabotage"
name = "Sabotage"
category = "military"
cameo = "17"
tags = ["coercion", "deniable"]
''')

out = Path(__file__).resolve().parent / "fixtures"
for old in out.glob("*.toml"):
    old.unlink()
for name, (expect, body, blue, red, _head) in F.items():
    lines = [f"# expect: {e}" for e in expect] or ["# expect: clean"]
    text = "\n".join(lines) + "\n" + BASE.replace("{blue}", blue.strip("\n")).replace("{red}", red.strip("\n")) + body
    # TOML: top-level keys (use_moves) must come before any table
    if body.lstrip().startswith("use_moves"):
        first, rest = body.lstrip().split("\n", 1)
        text = "\n".join(lines) + "\n" + first + "\n" + BASE.replace("{blue}", blue.strip("\n")).replace("{red}", red.strip("\n")) + rest
    (out / f"{name}.toml").write_text(text)
print(len(F))
