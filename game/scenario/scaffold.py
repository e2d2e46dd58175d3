"""`detente new ID`: write a commented starter scenario that validates and lints clean.

The comments are the point: they teach the format to an instructor who has never
written TOML.  A test loads the scaffold, lints it with ``--strict`` and expects nothing.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TextIO

ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMA_FILE = REPO_ROOT / "schema" / "scenario.schema.json"


def title_for(scenario_id: str) -> str:
    return " ".join(w.capitalize() for w in scenario_id.split("_") if w) or scenario_id


def schema_line(directory: Path) -> str:
    """The `#:schema` directive, relative to where the file will live (empty if no schema ships)."""
    if not SCHEMA_FILE.is_file():
        return ""
    try:
        rel = os.path.relpath(SCHEMA_FILE, directory.resolve())
    except ValueError:  # different drive on Windows
        rel = str(SCHEMA_FILE)
    rel = rel.replace(os.sep, "/")
    if not rel.startswith("."):
        rel = "./" + rel
    return f"#:schema {rel}\n"


def render(scenario_id: str, directory: Path | None = None) -> str:
    """The scaffold text for `scenario_id`, with a `#:schema` line relative to `directory`."""
    head = schema_line(directory) if directory is not None else ""
    return head + TEMPLATE.replace("{id}", scenario_id).replace("{title}", title_for(scenario_id))


def run(scenario_id: str, output_dir: str | None = None, force: bool = False, out: TextIO | None = None) -> int:
    """`detente new ID [-o DIR] [--force]`: 0 written, 1 exists/cannot write, 2 bad id."""
    out = out if out is not None else sys.stdout
    if not ID_RE.match(scenario_id):
        sys.stderr.write(
            f"detente new: '{scenario_id[:60]}' is not a plain identifier "
            "(use lower-case letters, digits and _, starting with a letter, at most 48 characters)\n"
        )
        return 2
    directory = Path(output_dir) if output_dir else Path("scenarios")
    path = directory / f"{scenario_id}.toml"
    if path.exists() and not force:
        sys.stderr.write(f"detente new: {path} already exists (use --force to overwrite it)\n")
        return 1
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(render(scenario_id, directory), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        sys.stderr.write(f"detente new: cannot write {path}: {exc.strerror or exc}\n")
        return 1
    out.write(f"wrote {path}\nnext: detente validate {path} && detente lint --strict {path}\n")
    return 0


TEMPLATE = r'''# =============================================================================
#  {title}: a Détente scenario
# =============================================================================
# Made by `detente new {id}`.  This is a complete, playable scenario: change it
# one piece at a time and check it after each change.
#
#   detente validate scenarios/{id}.toml      is the file correct?
#   detente lint --strict scenarios/{id}.toml is it well designed?
#   detente playtest scenarios/{id}.toml      what happens over many games?
#   detente play                              play it
#
# Lines starting with # are comments: the game ignores them.  The complete guide
# to every setting is docs/authoring.md; what trust, tension and the escalation
# ladder mean is explained in docs/model.md.
#
# TOML in one minute:
#   key = "some text"     text goes in double quotes
#   key = 3               numbers have no quotes
#   key = true            yes/no settings are true or false
#   key = ["a", "b"]      a list
#   [section]             the keys below it belong to that section
#   [[actors]]            double brackets add one more item to a list
#                         (here: one more actor)
# Names the game refers to (ids) are plain identifiers: lower-case letters,
# digits and _, starting with a letter, e.g. "north" or "fishing_dispute".

format = 1                  # the scenario format version: always 1 for now

# -----------------------------------------------------------------------------
# The scenario itself: what the picker and the briefing show.
# -----------------------------------------------------------------------------
[scenario]
id = "{id}"                 # must be a plain identifier; keep it equal to the file name
title = "{title}"
summary = "Two coastal states collide over a fishing ground; a regional envoy offers to help."
briefing = """
A fishing trawler from North has collided with a South coast-guard cutter in
disputed waters.  Both navies are on alert, the press on both sides is angry,
and the only channel between the two ministries of defence is their attachés.
A regional envoy has offered good offices.
"""
audience = "officer cadets"
turns = 8                   # how many turns the game lasts
turn_length = "1 day"       # what one turn represents (shown to players)
duration_minutes = 60       # recommended classroom time
difficulty = "introductory" # tutorial, introductory, intermediate or advanced
author = ""

# Real cases that inspired the scenario: cited in the briefing and the debrief.
[[scenario.references]]
case = "Incidents at Sea Agreement (1972)"
note = "Two navies agreed rules and a channel to stop collisions becoming crises."

# -----------------------------------------------------------------------------
# Learning objectives: what the exercise teaches.  `target` is a condition,
# true at the end of the game when the objective was met, so the debrief can
# rate it.  `partial` (optional) means "performed with some challenges".
# Conditions are written in the expression language (docs/authoring.md):
# e.g. tension(north, south) < 50 and not used(mobilise)
# -----------------------------------------------------------------------------
[[objectives]]
id = "open_a_channel"
text = "Establish a reliable channel between North and South before tension peaks."
target = "channel_open(hotline, north, south)"
partial = "used(consult)"

[[objectives]]
id = "stay_low_on_the_ladder"
text = "Manage the crisis without a show of force."
target = "max_rung < 5"

# -----------------------------------------------------------------------------
# Actors: the parties to the crisis.  One [[actors]] block per actor.
#   kind:        state, alliance, io (international organisation), ngo, armed_group
#   control:     human or bot (who plays it by default in solo play)
#   personality: how the computer plays it: random, hawk, dove, tit_for_tat,
#                opportunist or doctrine
#   The numbers are 0-100 and all have sensible defaults; budget is the
#   diplomatic capital the actor may spend each turn.
# -----------------------------------------------------------------------------
[[actors]]
id = "north"
name = "Republic of North"
kind = "state"
control = "human"
personality = "hawk"
description = "A maritime power whose fishing fleet depends on the disputed ground."
capability = 60
readiness = 40
domestic_pressure = 55
credibility = 60
legitimacy = 50
budget = 3
intel = 0.5                 # quality of its intelligence: 0 blind, 1 perfect

# Each actor's national interests: scored at the end, weighed against stability.
[[actors.objectives]]
id = "keep_fishing_rights"
text = "Come out of the crisis without conceding the fishing ground."
target = "not used(pull_back_forces, north)"
weight = 1.0

[[actors]]
id = "south"
name = "Kingdom of South"
kind = "state"
control = "bot"
personality = "tit_for_tat"
description = "A smaller coastal state that wants the collision acknowledged."
capability = 45
readiness = 35
domestic_pressure = 45
budget = 3

[[actors.objectives]]
id = "secure_a_ceasefire"
text = "Obtain at least a ceasefire at sea."
target = "stage(north, south) >= 2"
weight = 1.0

# A red line: something the actor has said it will not tolerate.  `when` is the
# condition for crossing it; the effects happen once, the first time.
[[actors.red_lines]]
id = "no_mobilisation"
text = "South will treat a North mobilisation as a hostile act."
when = "used(mobilise, north)"
effects = [{ metric = "stability", delta = -5, note = "South's red line crossed" }]

[[actors]]
id = "envoy"
name = "Regional Envoy"
kind = "io"
control = "bot"
personality = "dove"
description = "A respected regional organisation offering good offices."
budget = 2

[[actors.objectives]]
id = "start_talks"
text = "Bring both sides to the table."
target = "stage(north, south) >= 1"

# -----------------------------------------------------------------------------
# Relations: starting trust and tension (0-100) between two actors, and the
# channels already open between them.  Pairs you leave out start at the
# defaults (trust 50, tension 30).
# -----------------------------------------------------------------------------
[[relations]]
between = ["north", "south"]
trust = 30
tension = 55
channels = ["military_attache"]

[[relations]]
between = ["envoy", "north"]
trust = 60
tension = 10

[[relations]]
between = ["envoy", "south"]
trust = 60
tension = 10

# Treaties and alliances (optional).  Uncomment to use:
# [[treaties]]
# id = "fisheries_pact"
# name = "Joint Fisheries Pact"
# kind = "agreement"        # alliance, partnership, agreement, cbm_regime, ceasefire
# members = ["north", "south"]
# active = false            # false: a move may bring it into force

# -----------------------------------------------------------------------------
# Channels and moves.  The game ships a stock library of channels (hotline,
# military_attache, summit, teleconference, secure_platform, track_two,
# public_statement, multilateral_forum, third_party) and a catalogue of moves
# (consult, negotiate, establish_hotline, mobilise, broker_ceasefire, ...).
# A scenario uses all of them unless it lists the ones it wants:
# use_moves = ["consult", "establish_hotline", "mobilise"]
# It may also add its own, or override a stock one by reusing its id.
# -----------------------------------------------------------------------------
[[moves]]
id = "propose_joint_patrols"
name = "Propose joint fishing patrols"
category = "cbm"                # communication, cbm, mediation, alliance,
                                # humanitarian, military or information
cbm = "constraint"              # the kind of confidence-building measure
description = "Offer to police the fishing ground together, with observers on each other's ships."
cost = 1                        # diplomatic capital it uses
actor_kinds = ["state"]         # who may use it
target = "actor"                # none, actor (one other actor) or pair
target_kinds = ["state"]
channels = ["military_attache", "hotline"]   # how it may be sent
condition = "turn >= 2"         # it becomes available from turn 2
cameo = "036"                   # CAMEO event code: 036 = express intent to meet or negotiate
rung = -1                       # it climbs down the escalation ladder by one rung
tags = ["transparency", "reciprocity"]       # doctrine principles, for the debrief
cooldown = 2                    # turns before the same actor may use it again
flags = [{ flag = "patrols_proposed" }]      # a fact the scenario remembers

# What the move changes.  metric: trust, tension, capability, readiness,
# domestic_pressure, credibility, legitimacy, stability, humanitarian,
# misinformation or rung.  `who` defaults to the pair for trust and tension.
[[moves.effects]]
metric = "tension"
delta = -5
note = "A concrete offer lowers the temperature."

[[moves.effects]]
metric = "trust"
delta = 4
chance = 0.8                    # 80% chance; the roll is recorded in the log
note = "Observers on each other's ships build trust."

# -----------------------------------------------------------------------------
# Injects (the Master Scenario Events List): news, intelligence and events put
# to the players.  The trigger says when one fires, with exactly one of:
#   turn = 3                  at the start of turn 3
#   when = "condition"        at the first briefing where the condition is true
#   chance = 0.2              a 20% chance each turn
#   contingency_for = "id"    when the expected responses to inject "id" did
#                             not happen in time
# from_turn and until_turn limit the turns it may fire in.
# -----------------------------------------------------------------------------
[[injects]]
id = "trawler_collision"
title = "Collision in the fishing ground"
text = "A North trawler and a South cutter have collided. Both governments demand an explanation."
kind = "media"                  # information, event, media, intelligence, social_media
to = "all"                      # or a list of actor ids
trigger = { turn = 1 }
expects = ["clarify_intentions", "consult"]  # responses the facilitator hopes to see
expects_within = 2              # turns they have before contingency injects fire
source = "north"                # for pair effects: between source and subject
subject = "south"
effects = [{ metric = "tension", delta = 5 }]

[[injects]]
id = "press_speculation"
title = "Rumours in the press"
text = "With no official word from either side, the press fills the silence with rumours."
kind = "social_media"
trigger = { contingency_for = "trawler_collision" }
effects = [{ metric = "misinformation", delta = 15 }]

[[injects]]
id = "naval_buildup"
title = "Warships sighted"
text = "Satellite images show North warships moving towards the fishing ground."
kind = "intelligence"
to = ["south", "envoy"]
trigger = { when = "tension(north, south) > 70", from_turn = 2, until_turn = 6 }

[[injects]]
id = "storm"
title = "Storm in the strait"
text = "A storm has wrecked fishing boats on both coasts. Crews are missing."
trigger = { chance = 0.15, from_turn = 3 }
effects = [{ metric = "humanitarian", delta = -20 }]

# -----------------------------------------------------------------------------
# Outcome bands: the first whose condition holds at the end names the outcome.
# The last band has no condition: it is the default.
# -----------------------------------------------------------------------------
[[bands]]
id = "crisis_defused"
name = "Crisis defused"
when = "stability >= 70 and rung <= 3"
score = 10

[[bands]]
id = "managed_standoff"
name = "Managed standoff"
when = "stability >= 45"

[[bands]]
id = "armed_clash"
name = "Armed clash"
when = "rung < 12"
score = -10

[[bands]]
id = "war"
name = "War"
score = -30

# Endings stop the game early when their condition becomes true.
[[endings]]
id = "settlement"
title = "A fisheries agreement"
when = "stage(north, south) >= 3"
text = "North and South sign an agreement on the fishing ground."
band = "crisis_defused"

[[endings]]
id = "open_conflict"
title = "Open conflict"
when = "rung >= 12"
text = "Warships exchange fire. The crisis has become a war."
band = "war"

# -----------------------------------------------------------------------------
# Debrief points: learning points that fire on patterns of play, with the
# hot-wash questions the facilitator asks.  strength = true for something done
# well, false for an area for improvement.
# -----------------------------------------------------------------------------
[[debrief]]
id = "channel_before_crisis"
when = "channel_open(hotline, north, south) and max_rung < 5"
title = "A channel before the storm"
text = "The hotline was in place before the crisis climbed the ladder."
strength = true
tags = ["transparency"]
questions = [
    "When did you decide a hotline was worth its cost?",
    "What would have happened without it?",
]

[[debrief]]
id = "patrols_offered"
when = "flag(patrols_proposed)"
title = "A concrete confidence-building offer"
text = "Joint patrols turned a dispute over rights into a shared task."
strength = true
tags = ["reciprocity"]
questions = ["What made the offer credible to the other side?"]

[[debrief]]
id = "silence_breeds_rumour"
when = "misinformation > 40"
title = "Silence breeds rumour"
text = "Without official statements, the information space filled with rumours."
tags = ["transparency"]
questions = ["Who should have spoken first, and through which channel?"]

[[debrief]]
id = "relief_neglected"
when = "humanitarian < 40 and category(humanitarian) == 0"
title = "The storm's victims were left waiting"
text = "Nobody offered relief after the storm, a missed chance to build trust."
tags = ["humanitarian_principles"]
questions = ["Could relief have opened a door in the dispute?"]

# Teaching-model parameters (optional): the defaults are documented in
# docs/model.md.  Uncomment to change them:
# [rules]
# stability = 60            # starting stability index
# rung = 2                  # starting rung on the escalation ladder
# max_rung = 14             # the top of the playable ladder (war)
'''
