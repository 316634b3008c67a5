"""Hypothesis strategies for random valid DAG files targeting one Airflow version.

``dag_files(version)`` draws a model (``model.py``) and renders it. It offers only what
that version exports in the import style it drew (``imports.py`` reads the measured
version table), and it never draws a cycle: tasks are numbered in the order the file
creates them, and every edge or XCom goes from an earlier task (or a group that ends
before) to a later one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import strategies as st

from .imports import Available, styles
from .model import DagFile, Group, Task

T = TypeVar("T")
Draw = Callable[[st.SearchStrategy[T]], T]

CLASSIC = (
    "EmptyOperator",
    "BashOperator",
    "PythonOperator",
    "BranchPythonOperator",
    "ShortCircuitOperator",
    "TimeDeltaSensor",
    "PythonSensor",
    "BashSensor",
)
TASKFLOW = ("python", "bash", "branch", "short_circuit", "sensor")
DECORATOR = {kind: "task" if kind == "python" else f"task.{kind}" for kind in TASKFLOW}
MAX_TASKS = 12


@dataclass
class Endpoint:
    """Something a dependency statement can name: a task or a group, bound in one scope."""

    var: str
    first: int  # the numbers of the first and last task it holds
    last: int


@dataclass
class Scope:
    """A function body or the DAG body: the names bound there are visible to its edges."""

    endpoints: list[Endpoint] = field(default_factory=list)
    producers: list[str] = field(default_factory=list)  # XComArg expressions of earlier tasks
    arguments: list[str] = field(default_factory=list)  # a mapped group's own argument
    in_mapped_group: bool = False


class Builder:
    def __init__(self, draw: Draw[Any], available: Available) -> None:
        self.draw = draw
        self.av = available
        self.imports: dict[str, str] = {}
        self.extra_imports: list[str] = ["import datetime", "import pendulum"]
        self.count = 0
        self.groups = 0
        self.functions: dict[str, list[str]] = {}  # module-level TaskFlow functions by kind
        # A mapped task group refuses children with trigger rule "always" (2.10+, and 2.x
        # turns "dummy" into it): a file has mapped groups or those rules, never both.
        self.mapped_groups = self.maybe(1, 3)
        # And a @task with rule "always" cannot expand over an XCom (2.10+): files with that
        # rule map TaskFlow tasks over literals only.
        self.always = not self.mapped_groups and self.maybe()
        # A setup's downstream tasks must keep trigger rule all_success: a file has setup and
        # teardown tasks or explicit trigger rules, never both.
        self.setups = self.maybe(1, 4)
        self.teardowns: set[str] = set()  # a teardown cannot also be another teardown's setup

    # -- helpers -----------------------------------------------------------------------------
    def use(self, symbol: str) -> str:
        if symbol not in self.imports:
            self.imports[symbol] = self.draw(st.sampled_from(self.av.modules(symbol)))
        return symbol

    def maybe(self, probability_true: int = 1, out_of: int = 2) -> bool:
        return self.draw(st.integers(1, out_of)) <= probability_true

    def pick(self, options: list[T] | tuple[T, ...]) -> T:
        return self.draw(st.sampled_from(options))

    def timedelta(self) -> str:
        unit = self.pick(("seconds", "minutes", "hours"))
        return f"datetime.timedelta({unit}={self.draw(st.integers(1, 90))})"

    def trigger_rule(self) -> str:
        rules = ("all_success",) if self.setups else self.av.trigger_rules
        if not self.always:
            rules = tuple(r for r in rules if r not in ("always", "dummy"))
        rule = self.pick(rules)
        if self.av.has("TriggerRule") and self.maybe():
            return f"{self.use('TriggerRule')}.{rule.upper()}"
        return repr(rule)

    def task_arguments(self, *, allow: tuple[str, ...] = ()) -> list[str]:
        """Optional BaseOperator arguments, also used as default_args values."""
        makers: dict[str, Callable[[], str]] = {
            "retries": lambda: str(self.draw(st.integers(0, 5))),
            "owner": lambda: repr(self.pick(("alice", "bob", "airflow"))),
            "pool": lambda: repr(self.pick(("etl", "default_pool"))),
            "queue": lambda: repr(self.pick(("fast", "default"))),
            "priority_weight": lambda: str(self.draw(st.integers(1, 10))),
            "weight_rule": lambda: repr(self.pick(("downstream", "upstream", "absolute"))),
            "depends_on_past": lambda: repr(self.maybe()),
            "wait_for_downstream": lambda: repr(self.maybe()),
            "retry_exponential_backoff": lambda: repr(self.maybe()),
            "execution_timeout": self.timedelta,
            "retry_delay": self.timedelta,
            "trigger_rule": self.trigger_rule,
            "doc_md": lambda: repr("Some *docs*."),
        }
        names = sorted(makers) if not allow else list(allow)
        chosen = self.draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
        return [f"{name}={makers[name]()}" for name in chosen]

    def default_args(self, *extra: tuple[str, str]) -> str:
        pairs = [*extra, *(tuple(a.split("=", 1)) for a in self.task_arguments())]
        return "{" + ", ".join(f"{name!r}: {value}" for name, value in pairs) + "}"

    # -- tasks -------------------------------------------------------------------------------
    def task(self, scope: Scope) -> Task:
        n = self.count
        self.count += 1
        var, task_id = f"t{n}", f"t{n}"
        classic = [c for c in CLASSIC if self.av.has(c)]
        taskflow = [k for k in TASKFLOW if k in self.av.decorators] if self.av.has("task") else []
        use_taskflow = bool(taskflow) and self.maybe()
        if use_taskflow:
            return self.taskflow_task(n, var, self.pick(taskflow), scope)
        kind = self.pick(classic)
        # Airflow does not support expanding an operator inside an expanded task group.
        if kind in ("BashOperator", "PythonOperator") and not scope.in_mapped_group and self.maybe(1, 4):
            return self.mapped_classic(n, var, task_id, kind, scope)
        args = [f"task_id={task_id!r}"]
        definition = ""
        if kind in ("BashOperator", "BashSensor"):
            args.append(f"bash_command={f'echo {n}'!r}" if kind == "BashOperator" else "bash_command='true'")
            if kind == "BashOperator" and self.maybe(1, 3):
                args.append("env={'STAGE': 'fuzz'}")
        if kind in ("PythonOperator", "BranchPythonOperator", "ShortCircuitOperator", "PythonSensor"):
            args.append(f"python_callable=callable_{n}")
            definition = f"def callable_{n}(*args, **kwargs):\n    return {n}\n"
            if kind == "PythonOperator" and self.maybe(1, 3):
                args.append(self.pick(("op_args=[1, 'two']", "op_kwargs={'size': 3}")))
        if kind.endswith("Sensor"):
            if kind == "TimeDeltaSensor":
                args.append(f"delta={self.timedelta()}")
            if self.maybe():
                args.append(f"mode={self.pick(('poke', 'reschedule'))!r}")
            if self.maybe():
                args.append(f"poke_interval={self.draw(st.integers(5, 300))}")
        args += self.task_arguments()
        if self.maybe(1, 6):
            args.append(f"default_args={self.default_args()}")
        producer = kind in ("BashOperator", "PythonOperator")
        return Task(
            var,
            f"{self.use(kind)}({', '.join(args)})",
            definition,
            producer=producer,
            xcom=f"{var}.output",
        )

    def mapped_classic(self, n: int, var: str, task_id: str, kind: str, scope: Scope) -> Task:
        partial = [f"task_id={task_id!r}"]
        definition = ""
        if kind == "PythonOperator":
            partial.append(f"python_callable=callable_{n}")
            definition = f"def callable_{n}(*args, **kwargs):\n    return {n}\n"
        partial += self.task_arguments(allow=("retries", "owner", "pool", "trigger_rule", "retry_delay"))
        field_name = "bash_command" if kind == "BashOperator" else "op_args"
        literal = "['echo a', 'echo b']" if kind == "BashOperator" else "[[1], [2], [3]]"
        choice = self.pick(("literal", "xcom", "kwargs") if scope.producers else ("literal", "kwargs"))
        if choice == "kwargs":
            rows = (
                "[{'bash_command': 'echo a'}, {'bash_command': 'echo b', 'env': {'A': '1'}}]"
                if kind == "BashOperator"
                else "[{'op_args': [1]}, {'op_kwargs': {'size': 2}}]"
            )
            tail = f".expand_kwargs({rows})"
        else:
            source = literal if choice == "literal" else self.pick(scope.producers)
            tail = f".expand({field_name}={source})"
        statement = f"{self.use(kind)}.partial({', '.join(partial)}){tail}"
        return Task(var, statement, definition, producer=True, xcom=f"{var}.output")

    def taskflow_task(self, n: int, var: str, kind: str, scope: Scope) -> Task:
        decorator = self.use("task") + DECORATOR[kind][4:]
        earlier = self.functions.get(kind, [])
        definition = ""
        if earlier and self.maybe(1, 4):
            function = self.pick(earlier)  # called again: Airflow suffixes the task id
        else:
            function = f"f{n}"
            self.functions.setdefault(kind, []).append(function)
            options = self.task_arguments()
            if kind == "sensor":
                options += [f"poke_interval={self.draw(st.integers(5, 300))}", "timeout=3600"]
            if kind == "python" and self.maybe(1, 4):
                options.append("multiple_outputs=True")
            if self.maybe(1, 5):
                options.append(f"task_id='custom_{n}'")
            head = f"@{decorator}({', '.join(options)})" if options or self.maybe() else f"@{decorator}"
            body = {"bash": f"'echo {n}'", "sensor": "True", "branch": "None"}.get(kind, f"{n}")
            definition = f"{head}\ndef {function}(x=None, y=None):\n    return {body}\n"
        callee = function
        if self.maybe(1, 5):
            override = [f"task_id='override_{n}'", *self.task_arguments()]
            callee = f"{function}.override({', '.join(override)})"
        if kind in ("python", "bash") and not scope.in_mapped_group and self.maybe(1, 4):
            literal = self.pick(("[1, 2, 3]", "['a', 'b']"))
            over_xcom = scope.producers and not self.always and self.maybe()
            source = self.pick(scope.producers) if over_xcom else literal
            how = self.pick(("expand", "partial", "expand_kwargs"))
            if how == "expand":
                statement = f"{callee}.expand(x={source})"
            elif how == "partial":
                statement = f"{callee}.partial(y={self.draw(st.integers(0, 9))}).expand(x={source})"
            else:
                statement = f"{callee}.expand_kwargs([{{'x': 1}}, {{'x': 2, 'y': 3}}])"
        else:
            call_args: list[str] = []
            if (scope.producers or scope.arguments) and self.maybe():
                source = self.pick(scope.producers + scope.arguments)
                if source in scope.producers and self.maybe(1, 4):
                    source = f"{source}['key']"  # an XCom pushed under another key
                call_args.append(self.pick((source, f"x={source}", f"y=[{source}]")))
            elif self.maybe(1, 3):
                call_args.append(f"y={self.draw(st.integers(0, 9))}")
            statement = f"{callee}({', '.join(call_args)})"
        return Task(var, statement, definition, producer=True, xcom=var)

    # -- structure ---------------------------------------------------------------------------
    def block(self, scope: Scope, depth: int, budget: int) -> list[Task | Group]:
        items: list[Task | Group] = []
        size = self.draw(st.integers(1, 4))
        for _ in range(size):
            if self.count >= budget:
                break
            if depth < 3 and self.av.has("TaskGroup") and self.maybe(1, 4):
                items.append(self.group(scope, depth, budget))
            else:
                first = self.count
                task = self.task(scope)
                mappable = ".expand" not in task.statement and not scope.in_mapped_group
                if self.setups and mappable and self.maybe(1, 4):
                    task.statement += self.setup_teardown(scope, task.var)
                items.append(task)
                scope.endpoints.append(Endpoint(task.var, first, first))
                if task.producer:
                    scope.producers.append(task.xcom)
        if not items:  # the budget ran out: still give a group one task
            task = self.task(scope)
            items.append(task)
            scope.endpoints.append(Endpoint(task.var, self.count - 1, self.count - 1))
        return items

    def setup_teardown(self, scope: Scope, var: str) -> str:
        """Mark a task a setup or teardown; a teardown may name earlier tasks as its setups."""
        earlier = [e.var for e in scope.endpoints if e.first == e.last and e.var not in self.teardowns]
        role = self.pick(("setup", "teardown", "teardown_of") if earlier else ("setup", "teardown"))
        if role == "setup":
            return ".as_setup()"
        self.teardowns.add(var)
        if role == "teardown":
            return ".as_teardown()"
        return f".as_teardown(setups={self.pick(earlier)})"

    def group(self, scope: Scope, depth: int, budget: int) -> Group:
        g = self.groups
        self.groups += 1
        var = f"g{g}"
        decorated = self.av.has("task_group") and self.maybe()
        arguments = []
        if not decorated or self.maybe():
            arguments.append(f"group_id={var!r}")
        if self.maybe(1, 4):
            arguments.append("prefix_group_id=False")
        if self.maybe(1, 3):
            arguments.append(f"default_args={self.default_args()}")
        if self.maybe(1, 4):
            arguments.append("tooltip='a group'")
        first = self.count
        if decorated:
            self.use("task_group")
            mapped = self.mapped_groups and not scope.in_mapped_group and self.maybe(1, 3)
            inner = Scope(arguments=["x"] if mapped else [], in_mapped_group=scope.in_mapped_group or mapped)
            items = self.block(inner, depth + 1, budget)
            edges = self.edges(inner)
            call = "()"
            if mapped:
                source = self.pick(scope.producers) if scope.producers and self.maybe() else "[1, 2]"
                call = f".expand(x={source})"
            group = Group(var, True, ", ".join(arguments), items, edges, call)
            # Called again, the group's id gets a __1 suffix (nested groups' ids would clash).
            # Airflow 2 suffixes only a group at the top of the DAG.
            simple = depth == 0 and "prefix_group_id=False" not in arguments and not _groups_in(items)
            if simple and self.maybe(1, 5):
                group.again = True
                again = len(group.tasks())
                scope.endpoints.append(Endpoint(f"{var}_again", self.count, self.count + again - 1))
                self.count += again
        else:
            self.use("TaskGroup")
            items = self.block(scope, depth + 1, budget)
            group = Group(var, False, ", ".join(arguments), items)
        end = self.count - 1 - (len(group.tasks()) if group.again else 0)
        scope.endpoints.append(Endpoint(var, first, end))
        return group

    # -- edges -------------------------------------------------------------------------------
    def edges(self, scope: Scope) -> list[str]:
        points = sorted(scope.endpoints, key=lambda e: (e.first, -e.last))
        after = {p.var: [q for q in points if q.first > p.last] for p in points}
        starts = [p for p in points if after[p.var]]
        statements: list[str] = []
        for _ in range(self.draw(st.integers(0, 6))):
            if not starts:
                break
            a = self.pick(starts)
            b = self.pick(after[a.var])
            later = after[b.var]
            kind = self.pick(
                (
                    "rshift",
                    "lshift",
                    "set_downstream",
                    "set_upstream",
                    "fan_out",
                    "fan_in",
                    "chain",
                    "cross",
                    "label",
                    "rshift3",
                    "chain_linear",
                )
            )
            both = [q for q in after[a.var] if q.var != b.var]
            if kind == "rshift":
                statements.append(f"{a.var} >> {b.var}")
            elif kind == "lshift":
                statements.append(f"{b.var} << {a.var}")
            elif kind == "set_downstream":
                statements.append(f"{a.var}.set_downstream({b.var})")
            elif kind == "set_upstream":
                statements.append(f"{b.var}.set_upstream({a.var})")
            elif kind == "fan_out" and both:
                statements.append(f"{a.var} >> [{b.var}, {self.pick(both).var}]")
            elif kind == "fan_in":
                before = [p for p in points if p.last < b.first and p.var != a.var]
                other = f", {self.pick(before).var}" if before else ""
                statements.append(f"[{a.var}{other}] >> {b.var}")
            elif kind == "chain" and self.av.has("chain"):
                if both and self.maybe():  # a list step: each of b, c after a
                    step = f"[{b.var}, {self.pick(both).var}]"
                    statements.append(f"{self.use('chain')}({a.var}, {step})")
                else:
                    tail = f", {self.pick(later).var}" if later else ""
                    statements.append(f"{self.use('chain')}({a.var}, {b.var}{tail})")
            elif kind == "cross" and self.av.has("cross_downstream"):
                targets = [b.var] + ([self.pick(both).var] if both and self.maybe() else [])
                targets = list(dict.fromkeys(targets))
                statements.append(f"{self.use('cross_downstream')}([{a.var}], [{', '.join(targets)}])")
            elif kind == "label" and self.av.has("Label"):
                statements.append(f"{a.var} >> {self.use('Label')}('edge {a.var}') >> {b.var}")
            elif kind == "chain_linear" and self.av.has("chain_linear"):
                step = f"[{b.var}, {self.pick(both).var}]" if both and self.maybe() else b.var
                statements.append(f"{self.use('chain_linear')}({a.var}, {step})")
            elif kind == "rshift3" and later:
                statements.append(f"{a.var} >> {b.var} >> {self.pick(later).var}")
            else:
                statements.append(f"{a.var} >> {b.var}")
        return statements

    # -- the DAG -----------------------------------------------------------------------------
    def schedule(self, arguments: list[str]) -> None:
        kind = self.pick(self.av.schedules)
        asset = self.av.asset
        if kind == "<unset>":
            return
        if kind.startswith("<asset"):
            if asset is None:
                return
            a = f"{self.use(asset)}('s3://bucket/a')"
            b = f"{asset}('s3://bucket/b')"
            value = {"<asset>": a, "<asset list>": f"[{a}, {b}]"}.get(kind, f"({a} {self.pick('&|')} {b})")
        elif kind == "None":
            value = "None"
        elif kind == "timedelta":
            value = self.timedelta()
        elif kind == "relativedelta":
            self.extra_imports.append("from dateutil.relativedelta import relativedelta")
            value = "relativedelta(months=1)"
        else:
            value = repr(kind)
        arguments.append(f"schedule={value}")
        if kind == "@continuous":
            arguments.append("max_active_runs=1")

    def dag_file(self) -> DagFile:
        decorated = self.av.has("dag") and self.maybe()
        arguments: list[str] = []
        if not decorated or self.maybe():
            arguments.append("dag_id='fuzz'")
        starts = (
            "pendulum.datetime(2024, 1, 1, tz='UTC')",
            "pendulum.datetime(2023, 6, 15, 8, 30, tz='Europe/Amsterdam')",
            "datetime.datetime(2024, 1, 1)",
            "datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc)",
        )
        # No start_date at all is valid only without a schedule (2.x) or catchup (3.x): rarely.
        start = "" if self.draw(st.integers(0, 39)) == 13 else self.pick(starts)
        start_in_default_args = bool(start) and self.maybe(1, 5)
        if start and not start_in_default_args:
            arguments.append(f"start_date={start}")
        if start_in_default_args or self.maybe(1, 3):
            extra = [("start_date", start)] if start_in_default_args else []
            arguments.append(f"default_args={self.default_args(*extra)}")
        self.schedule(arguments)
        if self.maybe():
            arguments.append(f"catchup={self.maybe()!r}")
        if self.maybe(1, 3):
            arguments.append("tags=['fuzz', 'generated']")
        if self.maybe(1, 4):
            arguments.append("description='A generated DAG'")
        if self.maybe(1, 4) and not any(a.startswith("max_active_runs") for a in arguments):
            arguments.append(f"max_active_runs={self.draw(st.integers(1, 4))}")
        if self.maybe(1, 4):
            arguments.append(f"max_active_tasks={self.draw(st.integers(1, 16))}")
        if self.maybe(1, 4):
            arguments.append(f"dagrun_timeout={self.timedelta()}")
        self.use("dag" if decorated else "DAG")
        top = Scope()
        budget = self.draw(st.integers(1, MAX_TASKS))
        items = self.block(top, 0, budget)
        while self.count < budget and self.maybe(3, 4):
            items += self.block(top, 0, budget)
        edges = self.edges(top)
        return DagFile(
            self.imports,
            ", ".join(arguments),
            decorated,
            items,
            edges,
            tuple(dict.fromkeys(self.extra_imports)),
        )


def _groups_in(items: list[Task | Group]) -> list[Group]:
    found: list[Group] = []
    for item in items:
        if isinstance(item, Group):
            found += [item, *_groups_in(item.items)]
    return found


@st.composite
def dag_models(draw: Draw[Any], version: str) -> DagFile:
    style = draw(st.sampled_from(styles(version)))
    return Builder(draw, Available(version, style)).dag_file()


def dag_files(version: str) -> st.SearchStrategy[str]:
    """Source text of a random valid DAG file for Airflow ``version`` (a matrix minor, ``"3.3"``)."""
    return dag_models(version).map(DagFile.render)
