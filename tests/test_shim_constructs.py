"""The shim's dag.json for common DAG constructs, held to what real Airflow produces.

Every expected literal below was confirmed by compiling the same source with real
Apache Airflow 3.3.2 and 2.11.2 (``dagfidelity compile FILE --backend airflow``);
none is copied from the shim's output.
"""

from __future__ import annotations

import textwrap

import pytest

VERSIONS = ("3.3", "2.11")
both = pytest.mark.parametrize("version", VERSIONS)

HEADER = {
    "3.3": """\
import datetime
import pendulum
from airflow.sdk import (
    DAG, Label, TaskGroup, TriggerRule, chain, chain_linear, cross_downstream,
    dag, setup, task, task_group, teardown,
)
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.providers.standard.operators.python import PythonOperator
START = pendulum.datetime(2024, 1, 1, tz="UTC")
""",
    "2.11": """\
import datetime
import pendulum
from airflow import DAG
from airflow.decorators import dag, setup, task, task_group, teardown
from airflow.models.baseoperator import chain, chain_linear, cross_downstream
from airflow.operators.bash import BashOperator
from airflow.operators.empty import EmptyOperator
from airflow.operators.python import PythonOperator
from airflow.utils.edgemodifier import Label
from airflow.utils.task_group import TaskGroup
from airflow.utils.trigger_rule import TriggerRule
START = pendulum.datetime(2024, 1, 1, tz="UTC")
""",
}

EMPTY_OPERATOR = {
    "3.3": "airflow.providers.standard.operators.empty.EmptyOperator",
    "2.11": "airflow.operators.empty.EmptyOperator",
}
BASH_OPERATOR = {
    "3.3": "airflow.providers.standard.operators.bash.BashOperator",
    "2.11": "airflow.operators.bash.BashOperator",
}


def source(version: str, body: str) -> str:
    return HEADER[version] + textwrap.dedent(body)


def xcom(task_id: str, key: str = "return_value") -> dict:
    return {"$xcom": {"task_id": task_id, "key": key}}


# --------------------------------------------------------------------------------------
# TaskFlow auto-suffixing
# --------------------------------------------------------------------------------------

CALLED_N_TIMES = """
with DAG("d", start_date=START, schedule=None):
    @task
    def fetch():
        return 1

    for _ in range({n}):
        fetch()
"""


@both
def test_taskflow_called_twice_gets_suffix_1(compile_dag, version):
    dag = compile_dag(source(version, CALLED_N_TIMES.format(n=2)), version)
    assert sorted(dag["tasks"]) == ["fetch", "fetch__1"]


@both
def test_taskflow_called_three_times_gets_suffix_2(compile_dag, version):
    dag = compile_dag(source(version, CALLED_N_TIMES.format(n=3)), version)
    assert sorted(dag["tasks"]) == ["fetch", "fetch__1", "fetch__2"]


@both
def test_taskflow_called_twice_in_task_group_suffixes_within_group(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def fetch():
                return 1

            with TaskGroup("grp"):
                fetch()
                fetch()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["grp.fetch", "grp.fetch__1"]
    assert dag["tasks"]["grp.fetch__1"]["task_group"] == "grp"


@both
def test_taskflow_same_name_in_two_groups_is_not_suffixed(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def fetch():
                return 1

            with TaskGroup("g1"):
                fetch()
            with TaskGroup("g2"):
                fetch()
            fetch()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["fetch", "g1.fetch", "g2.fetch"]


@both
def test_taskflow_override_task_id_called_twice_is_suffixed(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def fetch():
                return 1

            fetch.override(task_id="custom")()
            fetch.override(task_id="custom")()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["custom", "custom__1"]


@both
def test_taskflow_suffix_skips_id_taken_by_classic_operator(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="fetch")

            @task
            def fetch():
                return 1

            fetch()
            fetch()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["fetch", "fetch__1", "fetch__2"]
    assert dag["tasks"]["fetch"]["operator"] == EMPTY_OPERATOR[version]


@both
def test_taskflow_suffix_continues_after_highest_existing_suffix(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="fetch__7")

            @task
            def fetch():
                return 1

            fetch()
            fetch()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["fetch", "fetch__7", "fetch__8"]


@both
def test_taskflow_numbered_task_id_called_twice_increments_number(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def fetch():
                return 1

            fetch.override(task_id="x__5")()
            fetch.override(task_id="x__5")()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["x__5", "x__6"]


@both
def test_taskflow_suffix_ignores_ids_that_only_share_a_prefix(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def fetch():
                return 1

            @task
            def fetch_more():
                return 1

            fetch_more()
            fetch_more()
            fetch()
            fetch()
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["fetch", "fetch__1", "fetch_more", "fetch_more__1"]


# --------------------------------------------------------------------------------------
# Dependencies: >>, <<, lists, set_upstream/set_downstream, chain helpers
# --------------------------------------------------------------------------------------

SIX_TASKS = """
with DAG("d", start_date=START, schedule=None):
    a, b, c, d, e, f = [EmptyOperator(task_id=name) for name in "abcdef"]
{wiring}
"""


def wired(version: str, *lines: str) -> str:
    return source(version, SIX_TASKS.format(wiring="\n".join("    " + line for line in lines)))


def edges(dag: dict) -> list[tuple[str, str]]:
    return sorted((up, t) for t, task in dag["tasks"].items() for up in task["upstream"])


@both
def test_rshift_list_fan_out(compile_dag, version):
    dag = compile_dag(wired(version, "a >> [b, c]"), version)
    assert dag["tasks"]["a"]["downstream"] == ["b", "c"]
    assert dag["tasks"]["b"]["upstream"] == ["a"]


@both
def test_rshift_list_fan_in(compile_dag, version):
    dag = compile_dag(wired(version, "[a, b] >> c"), version)
    assert dag["tasks"]["c"]["upstream"] == ["a", "b"]
    assert dag["tasks"]["a"]["downstream"] == ["c"]


@both
def test_lshift_list_fan_in(compile_dag, version):
    dag = compile_dag(wired(version, "a << [b, c]"), version)
    assert dag["tasks"]["a"]["upstream"] == ["b", "c"]
    assert dag["tasks"]["b"]["downstream"] == ["a"]


@both
def test_lshift_list_fan_out(compile_dag, version):
    dag = compile_dag(wired(version, "[a, b] << c"), version)
    assert dag["tasks"]["c"]["downstream"] == ["a", "b"]
    assert dag["tasks"]["a"]["upstream"] == ["c"]


@both
def test_rshift_through_list_to_task(compile_dag, version):
    dag = compile_dag(wired(version, "a >> [b, c] >> d"), version)
    assert edges(dag) == [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]


@both
def test_lshift_chained_right_to_left(compile_dag, version):
    dag = compile_dag(wired(version, "c << b << a"), version)
    assert edges(dag) == [("a", "b"), ("b", "c")]


@both
def test_set_downstream_and_set_upstream(compile_dag, version):
    dag = compile_dag(
        wired(version, "a.set_downstream([b, c])", "d.set_upstream(b)", "e.set_upstream([c, d])"), version
    )
    assert edges(dag) == [("a", "b"), ("a", "c"), ("b", "d"), ("c", "e"), ("d", "e")]


@both
def test_chain_pairs_equal_length_lists(compile_dag, version):
    dag = compile_dag(wired(version, "chain(a, [b, c], [d, e], f)"), version)
    assert edges(dag) == [("a", "b"), ("a", "c"), ("b", "d"), ("c", "e"), ("d", "f"), ("e", "f")]


@both
def test_chain_linear_connects_every_pair_of_neighbouring_lists(compile_dag, version):
    dag = compile_dag(wired(version, "chain_linear(a, [b, c], [d, e], f)"), version)
    assert edges(dag) == [
        ("a", "b"),
        ("a", "c"),
        ("b", "d"),
        ("b", "e"),
        ("c", "d"),
        ("c", "e"),
        ("d", "f"),
        ("e", "f"),
    ]


@both
def test_cross_downstream(compile_dag, version):
    dag = compile_dag(wired(version, "cross_downstream([a, b], [c, d])"), version)
    assert edges(dag) == [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]


@both
def test_repeated_edge_is_recorded_once(compile_dag, version):
    dag = compile_dag(wired(version, "a >> b", "a >> b", "b << a"), version)
    assert edges(dag) == [("a", "b")]


@both
def test_chain_with_taskflow_xcomargs(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def one():
                return 1

            @task
            def two():
                return 2

            start = EmptyOperator(task_id="start")
            chain(start, one(), two())
    """,
        ),
        version,
    )
    assert edges(dag) == [("one", "two"), ("start", "one")]


@both
def test_edge_to_task_created_outside_dag_context_adopts_it(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a")
        b = EmptyOperator(task_id="b")
        a >> b
    """,
        ),
        version,
    )
    assert dag["tasks"]["b"]["upstream"] == ["a"]


@both
def test_explicit_dag_and_task_group_arguments(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        the_dag = DAG("d", start_date=START, schedule=None)
        group = TaskGroup("g", dag=the_dag)
        a = EmptyOperator(task_id="a", dag=the_dag, task_group=group)
        b = EmptyOperator(task_id="b", dag=the_dag)
        a >> b
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["b", "g.a"]
    assert dag["tasks"]["b"]["upstream"] == ["g.a"]
    assert dag["tasks"]["g.a"]["task_group"] == "g"


# --------------------------------------------------------------------------------------
# XComArg dependencies
# --------------------------------------------------------------------------------------

XCOM_DAG = """
def legacy_callable(**kwargs):
    return {{"k": 1}}


with DAG("d", start_date=START, schedule=None):
    @task
    def produce():
        return {{"k": 1}}

    @task
    def other():
        return 2

    @task
    def consume(*args, **kwargs):
        return None

    p = produce()
    o = other()
    legacy = PythonOperator(task_id="legacy", python_callable=legacy_callable)
    {call}
"""


def xcom_dag(version: str, call: str) -> str:
    return source(version, XCOM_DAG.format(call=call))


@both
def test_xcomarg_positional_creates_edge(compile_dag, version):
    dag = compile_dag(xcom_dag(version, "consume(p)"), version)
    assert dag["tasks"]["consume"]["upstream"] == ["produce"]
    assert dag["tasks"]["consume"]["arguments"]["op_args"] == [xcom("produce")]


@both
def test_xcomarg_keyword_creates_edge(compile_dag, version):
    dag = compile_dag(xcom_dag(version, "consume(value=o)"), version)
    assert dag["tasks"]["consume"]["upstream"] == ["other"]
    assert dag["tasks"]["consume"]["arguments"]["op_kwargs"] == {"value": xcom("other")}


@both
def test_xcomarg_nested_in_list_and_dict_creates_edges(compile_dag, version):
    dag = compile_dag(xcom_dag(version, 'consume(items=[p, 1], mapping={"inner": {"x": o}})'), version)
    assert dag["tasks"]["consume"]["upstream"] == ["other", "produce"]
    assert dag["tasks"]["consume"]["arguments"]["op_kwargs"] == {
        "items": [xcom("produce"), 1],
        "mapping": {"inner": {"x": xcom("other")}},
    }


@both
def test_xcomarg_indexed_uses_key(compile_dag, version):
    dag = compile_dag(xcom_dag(version, 'consume(p["k"], key=o["other_key"])'), version)
    assert dag["tasks"]["consume"]["upstream"] == ["other", "produce"]
    assert dag["tasks"]["consume"]["arguments"]["op_args"] == [xcom("produce", "k")]
    assert dag["tasks"]["consume"]["arguments"]["op_kwargs"] == {"key": xcom("other", "other_key")}


@both
def test_classic_operator_output_into_taskflow(compile_dag, version):
    dag = compile_dag(xcom_dag(version, 'consume(legacy.output, legacy.output["k"])'), version)
    assert dag["tasks"]["consume"]["upstream"] == ["legacy"]
    assert dag["tasks"]["consume"]["arguments"]["op_args"] == [xcom("legacy"), xcom("legacy", "k")]


@both
def test_classic_operator_output_into_classic_templated_field(compile_dag, version):
    dag = compile_dag(xcom_dag(version, 'BashOperator(task_id="bash", bash_command=legacy.output)'), version)
    assert dag["tasks"]["bash"]["upstream"] == ["legacy"]
    assert dag["tasks"]["bash"]["arguments"]["bash_command"] == xcom("legacy")


@both
def test_taskflow_xcomarg_nested_in_classic_operator_op_kwargs(compile_dag, version):
    dag = compile_dag(
        xcom_dag(
            version,
            'PythonOperator(task_id="py", python_callable=legacy_callable, op_kwargs={"v": [p["k"]]})',
        ),
        version,
    )
    assert dag["tasks"]["py"]["upstream"] == ["produce"]
    assert dag["tasks"]["py"]["arguments"]["op_kwargs"] == {"v": [xcom("produce", "k")]}


@both
def test_xcomarg_map_feeds_expand(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        def double(x):
            return x * 2


        with DAG("d", start_date=START, schedule=None):
            @task
            def numbers():
                return [1, 2]

            @task
            def show(x):
                return x

            show.expand(x=numbers().map(double))
    """,
        ),
        version,
    )
    assert dag["tasks"]["show"]["upstream"] == ["numbers"]
    assert dag["tasks"]["show"]["mapped"] == {
        "kind": "kwargs",
        "expand": {"x": {"$xcom_map": {"arg": xcom("numbers"), "callables": ["double"]}}},
    }


@both
def test_xcomarg_zip_feeds_expand(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def left():
                return [1, 2]

            @task
            def right():
                return ["a", "b"]

            @task
            def show(pair):
                return pair

            show.expand(pair=left().zip(right()))
    """,
        ),
        version,
    )
    assert dag["tasks"]["show"]["upstream"] == ["left", "right"]
    assert dag["tasks"]["show"]["mapped"] == {
        "kind": "kwargs",
        "expand": {"pair": {"$xcom_zip": {"args": [xcom("left"), xcom("right")]}}},
    }


@both
def test_xcomarg_in_non_templated_argument_creates_no_edge(compile_dag, version):
    dag = compile_dag(
        xcom_dag(version, 'BashOperator(task_id="bash", bash_command="echo", output_encoding=p)'), version
    )
    assert dag["tasks"]["bash"]["upstream"] == []
    assert dag["tasks"]["bash"]["arguments"]["output_encoding"] == xcom("produce")


@both
def test_xcomarg_in_classic_partial_argument_creates_edge(compile_dag, version):
    dag = compile_dag(
        xcom_dag(
            version, 'BashOperator.partial(task_id="bash", env={"A": p}).expand(bash_command=["a", "b"])'
        ),
        version,
    )
    assert dag["tasks"]["bash"]["upstream"] == ["produce"]
    assert dag["tasks"]["bash"]["arguments"]["env"] == {"A": xcom("produce")}


@both
def test_xcomarg_rshift_and_output_rshift(compile_dag, version):
    dag = compile_dag(xcom_dag(version, "p >> o\n    legacy.output >> consume()"), version)
    assert dag["tasks"]["other"]["upstream"] == ["produce"]
    assert dag["tasks"]["consume"]["upstream"] == ["legacy"]


@both
def test_xcomarg_zip_with_fillvalue(compile_dag, version):
    dag = compile_dag(xcom_dag(version, "consume.expand(pair=p.zip(o, fillvalue=0))"), version)
    assert dag["tasks"]["consume"]["mapped"]["expand"] == {
        "pair": {"$xcom_zip": {"args": [xcom("produce"), xcom("other")], "fillvalue": 0}}
    }


@both
def test_xcomarg_concat_feeds_expand(compile_dag, version):
    dag = compile_dag(xcom_dag(version, "consume.expand(item=p.concat(o))"), version)
    assert dag["tasks"]["consume"]["upstream"] == ["other", "produce"]
    assert dag["tasks"]["consume"]["mapped"]["expand"] == {
        "item": {"$xcom_concat": {"args": [xcom("produce"), xcom("other")]}}
    }


@both
def test_xcomarg_map_chained_and_lambda(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        def f(x):
            return x


        def g(x):
            return x


        with DAG("d", start_date=START, schedule=None):
            @task
            def numbers():
                return [1]

            @task
            def show(x):
                return x

            show.expand(x=numbers().map(f).map(g))
            show.expand(x=numbers().map(lambda v: v))
    """,
        ),
        version,
    )
    assert dag["tasks"]["show"]["mapped"]["expand"] == {
        "x": {"$xcom_map": {"arg": xcom("numbers"), "callables": ["f", "g"]}}
    }
    assert dag["tasks"]["show__1"]["mapped"]["expand"] == {
        "x": {"$xcom_map": {"arg": xcom("numbers__1"), "callables": ["<lambda>"]}}
    }


# --------------------------------------------------------------------------------------
# Task groups
# --------------------------------------------------------------------------------------


@both
def test_nested_task_group_ids_are_prefixed(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("outer"):
                EmptyOperator(task_id="top")
                with TaskGroup("inner"):
                    EmptyOperator(task_id="leaf")
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["outer.inner.leaf", "outer.top"]
    assert dag["tasks"]["outer.inner.leaf"]["task_group"] == "outer.inner"
    assert dag["task_groups"]["outer.inner"]["parent"] == "outer"
    assert dag["task_groups"]["outer"]["children"] == ["outer.inner", "outer.top"]


@both
def test_prefix_group_id_false(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("outer", prefix_group_id=False):
                EmptyOperator(task_id="top")
                with TaskGroup("inner"):
                    EmptyOperator(task_id="leaf")
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["inner.leaf", "top"]
    assert dag["tasks"]["top"]["task_group"] == "outer"
    assert dag["task_groups"]["outer"]["prefix_group_id"] is False
    assert dag["task_groups"]["inner"]["parent"] == "outer"


@both
def test_decorated_task_group_called_twice_suffixes_group_id(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        @task_group
        def grp():
            @task
            def work():
                return 1

            work()


        with DAG("d", start_date=START, schedule=None):
            grp()
            grp()
    """,
        ),
        version,
    )
    assert sorted(dag["task_groups"]) == ["grp", "grp__1"]
    assert sorted(dag["tasks"]) == ["grp.work", "grp__1.work"]


@both
def test_task_group_with_task_id_in_group_id(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        @task_group(group_id="etl")
        def grp(value):
            @task
            def work(v):
                return v

            return work(value)


        with DAG("d", start_date=START, schedule=None):
            @task
            def seed():
                return 1

            grp(seed())
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["etl.work", "seed"]
    assert dag["tasks"]["etl.work"]["upstream"] == ["seed"]


@both
def test_prefix_group_id_false_on_inner_group(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("outer"):
                with TaskGroup("inner", prefix_group_id=False):
                    EmptyOperator(task_id="leaf")
                    with TaskGroup("deep"):
                        EmptyOperator(task_id="x")
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["deep.x", "leaf"]
    assert dag["tasks"]["leaf"]["task_group"] == "outer.inner"
    assert dag["task_groups"]["deep"]["parent"] == "outer.inner"


@both
def test_decorated_task_group_without_prefix_called_twice(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        @task_group(prefix_group_id=False)
        def grp():
            @task
            def work():
                return 1

            work()


        with DAG("d", start_date=START, schedule=None):
            grp()
            grp()
    """,
        ),
        version,
    )
    assert sorted(dag["task_groups"]) == ["grp", "grp__1"]
    assert sorted(dag["tasks"]) == ["work", "work__1"]
    assert dag["tasks"]["work__1"]["task_group"] == "grp__1"


def test_decorated_task_group_called_twice_inside_group(compile_dag):
    # Airflow 3.3 only: real 2.11 fails this file (see test_shim_errors.py).
    dag = compile_dag(
        source(
            "3.3",
            """
        @task_group
        def inner():
            EmptyOperator(task_id="x")


        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("outer"):
                inner()
                inner()
    """,
        ),
        "3.3",
    )
    assert sorted(dag["tasks"]) == ["outer.inner.x", "outer.inner__1.x"]


@pytest.mark.parametrize(
    ("version", "nested_id"),
    [
        ("3.3", "outer.inner"),
        pytest.param(
            "2.11",
            "outer.inner__1",
        ),
    ],
)
def test_decorated_task_group_label_reused_at_another_level(compile_dag, version, nested_id):
    dag = compile_dag(
        source(
            version,
            """
        @task_group
        def inner():
            EmptyOperator(task_id="x")


        with DAG("d", start_date=START, schedule=None):
            inner()
            with TaskGroup("outer"):
                inner()
    """,
        ),
        version,
    )
    assert sorted(dag["task_groups"]) == ["inner", "outer", nested_id]


@both
def test_task_group_add_suffix_on_collision(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g"):
                EmptyOperator(task_id="a")
            with TaskGroup("g", add_suffix_on_collision=True):
                EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert sorted(dag["tasks"]) == ["g.a", "g__1.a"]


@both
def test_task_group_tooltip(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g", tooltip="hello"):
                EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert dag["task_groups"]["g"]["tooltip"] == "hello"


GROUP_EDGES = """
with DAG("d", start_date=START, schedule=None):
    start = EmptyOperator(task_id="start")
    end = EmptyOperator(task_id="end")
    with TaskGroup("g") as g:
        first = EmptyOperator(task_id="first")
        second = EmptyOperator(task_id="second")
        alone = EmptyOperator(task_id="alone")
        first >> second
    {wiring}
"""


@both
def test_task_to_group_edge_reaches_group_roots(compile_dag, version):
    dag = compile_dag(source(version, GROUP_EDGES.format(wiring="start >> g")), version)
    assert dag["tasks"]["start"]["downstream"] == ["g.alone", "g.first"]
    assert dag["tasks"]["g.second"]["upstream"] == ["g.first"]


@both
def test_group_to_task_edge_leaves_group_leaves(compile_dag, version):
    dag = compile_dag(source(version, GROUP_EDGES.format(wiring="g >> end")), version)
    assert dag["tasks"]["end"]["upstream"] == ["g.alone", "g.second"]
    assert dag["tasks"]["g.first"]["downstream"] == ["g.second"]


@both
def test_group_lshift_task(compile_dag, version):
    dag = compile_dag(source(version, GROUP_EDGES.format(wiring="g << start")), version)
    assert dag["tasks"]["start"]["downstream"] == ["g.alone", "g.first"]


@both
def test_group_to_group_edge(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g1") as g1:
                EmptyOperator(task_id="a") >> EmptyOperator(task_id="b")
            with TaskGroup("g2") as g2:
                EmptyOperator(task_id="c")
                EmptyOperator(task_id="d")
            g1 >> g2
    """,
        ),
        version,
    )
    assert edges(dag) == [("g1.a", "g1.b"), ("g1.b", "g2.c"), ("g1.b", "g2.d")]


@both
def test_task_to_list_of_groups(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            s = EmptyOperator(task_id="s")
            with TaskGroup("g1") as g1:
                EmptyOperator(task_id="a")
            with TaskGroup("g2") as g2:
                EmptyOperator(task_id="c")
            s >> [g1, g2]
    """,
        ),
        version,
    )
    assert dag["tasks"]["s"]["downstream"] == ["g1.a", "g2.c"]


@both
def test_nested_group_edge_uses_inner_roots_and_leaves(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            start = EmptyOperator(task_id="start")
            with TaskGroup("outer") as outer:
                with TaskGroup("inner") as inner:
                    EmptyOperator(task_id="x")
                y = EmptyOperator(task_id="y")
                inner >> y
            start >> outer
    """,
        ),
        version,
    )
    assert edges(dag) == [("outer.inner.x", "outer.y"), ("start", "outer.inner.x")]


@both
def test_decorated_task_group_returning_xcomarg_wires_only_returned_task(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        @task_group
        def grp():
            @task
            def a():
                return 1

            @task
            def b(x):
                return x

            @task
            def c():
                return 3

            c()
            return b(a())


        with DAG("d", start_date=START, schedule=None):
            start = EmptyOperator(task_id="start")
            end = EmptyOperator(task_id="end")
            start >> grp() >> end
    """,
        ),
        version,
    )
    assert dag["tasks"]["start"]["downstream"] == ["grp.b"]
    assert dag["tasks"]["end"]["upstream"] == ["grp.b"]
    assert dag["tasks"]["grp.c"]["upstream"] == []


@both
def test_group_edges_skip_teardown_leaf_and_start_at_setup_root(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            start = EmptyOperator(task_id="start")
            end = EmptyOperator(task_id="end")
            with TaskGroup("g") as g:
                create = EmptyOperator(task_id="create")
                work = EmptyOperator(task_id="work")
                delete = EmptyOperator(task_id="delete")
                create >> work >> delete.as_teardown(setups=create)
            start >> g >> end
    """,
        ),
        version,
    )
    assert dag["tasks"]["start"]["downstream"] == ["g.create"]
    assert dag["tasks"]["end"]["upstream"] == ["g.work"]


# --------------------------------------------------------------------------------------
# default_args precedence
# --------------------------------------------------------------------------------------

DEFAULT_ARGS_DAG = """
with DAG(
    "d", start_date=START, schedule=None,
    default_args={"retries": 1, "owner": "dag_owner", "queue": "dag_q"},
):
    EmptyOperator(task_id="plain")
    with TaskGroup("g", default_args={"retries": 2, "queue": "group_q"}):
        EmptyOperator(task_id="in_group")
        EmptyOperator(task_id="explicit", retries=3)
        with TaskGroup("inner", default_args={"owner": "inner_owner"}):
            EmptyOperator(task_id="deep")

        @task(retries=4)
        def flow():
            return 1

        flow()
"""


@both
def test_dag_default_args_apply_to_tasks(compile_dag, version):
    task = compile_dag(source(version, DEFAULT_ARGS_DAG), version)["tasks"]["plain"]
    assert (task["retries"], task["owner"], task["queue"]) == (1, "dag_owner", "dag_q")


@both
def test_task_group_default_args_override_dag_default_args(compile_dag, version):
    task = compile_dag(source(version, DEFAULT_ARGS_DAG), version)["tasks"]["g.in_group"]
    assert (task["retries"], task["owner"], task["queue"]) == (2, "dag_owner", "group_q")


@both
def test_task_argument_overrides_group_default_args(compile_dag, version):
    tasks = compile_dag(source(version, DEFAULT_ARGS_DAG), version)["tasks"]
    assert tasks["g.explicit"]["retries"] == 3
    assert tasks["g.flow"]["retries"] == 4


@both
def test_nested_group_default_args_merge_with_outer_group(compile_dag, version):
    task = compile_dag(source(version, DEFAULT_ARGS_DAG), version)["tasks"]["g.inner.deep"]
    assert (task["retries"], task["owner"], task["queue"]) == (2, "inner_owner", "group_q")


@both
def test_dag_decorator_and_task_group_decorator_default_args(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        @task_group(default_args={"retries": 2})
        def grp():
            @task
            def a():
                return 1

            a()
            EmptyOperator(task_id="e")


        @dag(start_date=START, schedule=None, default_args={"retries": 1, "owner": "me", "pool": "p"})
        def d():
            grp()

            @task(pool="q")
            def b():
                return 1

            b()


        d()
    """,
        ),
        version,
    )["tasks"]
    assert (tasks["grp.a"]["retries"], tasks["grp.a"]["owner"], tasks["grp.a"]["pool"]) == (2, "me", "p")
    assert (tasks["grp.e"]["retries"], tasks["grp.e"]["pool"]) == (2, "p")
    assert (tasks["b"]["retries"], tasks["b"]["pool"]) == (1, "q")


@both
def test_operator_specific_default_args_reach_only_operators_accepting_them(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        ARGS = {"bash_command": "echo hi", "env": {"A": "1"}}
        with DAG("d", start_date=START, schedule=None, default_args=ARGS):
            BashOperator(task_id="b")
            EmptyOperator(task_id="e")
    """,
        ),
        version,
    )["tasks"]
    assert tasks["b"]["arguments"] == {"bash_command": "echo hi", "env": {"A": "1"}}
    assert tasks["e"]["arguments"] == {}


@both
def test_unknown_default_args_key_is_ignored(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"not_an_arg": 1, "retries": 2}):
            EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert dag["tasks"]["a"]["retries"] == 2
    assert dag["tasks"]["a"]["arguments"] == {}


@both
def test_default_args_dict_mutated_after_dag_creation_is_not_seen(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        args = {"retries": 1}
        with DAG("d", start_date=START, schedule=None, default_args=args):
            args["retries"] = 9
            EmptyOperator(task_id="a")
    """,
        ),
        version,
    )
    assert dag["tasks"]["a"]["retries"] == 1


@both
def test_retries_none_becomes_zero(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"retries": None}):
            EmptyOperator(task_id="a")
            EmptyOperator(task_id="b", retries=None)
            with TaskGroup("g", default_args={"retries": None}):
                EmptyOperator(task_id="c")
    """,
        ),
        version,
    )["tasks"]
    assert [tasks[t]["retries"] for t in ("a", "b", "g.c")] == [0, 0, 0]


@both
def test_wait_for_downstream_forces_depends_on_past(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"depends_on_past": False}):
            EmptyOperator(task_id="explicit", wait_for_downstream=True)
            EmptyOperator(task_id="plain")
    """,
        ),
        version,
    )
    assert dag["tasks"]["explicit"]["wait_for_downstream"] is True
    assert dag["tasks"]["explicit"]["depends_on_past"] is True
    assert dag["tasks"]["plain"]["depends_on_past"] is False


@both
def test_wait_for_downstream_in_default_args_forces_depends_on_past(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"wait_for_downstream": True}):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert dag["tasks"]["t"]["depends_on_past"] is True


@both
def test_wait_for_downstream_false_keeps_default_args_depends_on_past(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"depends_on_past": True}):
            EmptyOperator(task_id="a", wait_for_downstream=False)
            EmptyOperator(task_id="b", depends_on_past=False, wait_for_downstream=True)
    """,
        ),
        version,
    )["tasks"]
    assert tasks["a"]["depends_on_past"] is True
    assert tasks["b"]["depends_on_past"] is True


@both
def test_wait_for_downstream_on_taskflow_and_from_group_default_args(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task(wait_for_downstream=True)
            def flow():
                return 1

            flow()
            with TaskGroup("g", default_args={"wait_for_downstream": True}):
                EmptyOperator(task_id="a")
    """,
        ),
        version,
    )["tasks"]
    assert tasks["flow"]["depends_on_past"] is True
    assert tasks["g.a"]["depends_on_past"] is True


@pytest.mark.parametrize(
    ("version", "depends_on_past"),
    [
        pytest.param(
            "3.3",
            False,
        ),
        ("2.11", True),
    ],
)
def test_wait_for_downstream_on_mapped_classic_operator(compile_dag, version, depends_on_past):
    task = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            BashOperator.partial(task_id="b", wait_for_downstream=True).expand(bash_command=["x"])
    """,
        ),
        version,
    )["tasks"]["b"]
    assert task["wait_for_downstream"] is True
    assert task["depends_on_past"] is depends_on_past


# --------------------------------------------------------------------------------------
# Mapped tasks
# --------------------------------------------------------------------------------------

MAPPED_DAG = """
with DAG("d", start_date=START, schedule=None):
    @task
    def numbers():
        return [1, 2]

    @task
    def add(x, y=0):
        return x + y

    {call}
"""


def mapped_dag(version: str, call: str) -> str:
    return source(version, MAPPED_DAG.format(call=call))


@both
def test_taskflow_expand_over_literal(compile_dag, version):
    task = compile_dag(mapped_dag(version, "add.expand(x=[1, 2, 3])"), version)["tasks"]["add"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"x": [1, 2, 3]}}
    assert task["upstream"] == []


@both
def test_taskflow_expand_over_xcom(compile_dag, version):
    task = compile_dag(mapped_dag(version, "add.expand(x=numbers())"), version)["tasks"]["add"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"x": xcom("numbers")}}
    assert task["upstream"] == ["numbers"]


@both
def test_taskflow_partial_expand_keeps_partial_arguments(compile_dag, version):
    task = compile_dag(mapped_dag(version, "add.partial(y=10).expand(x=[1, 2])"), version)["tasks"]["add"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"x": [1, 2]}}
    assert task["arguments"]["op_kwargs"] == {"y": 10}


@both
def test_taskflow_expand_kwargs(compile_dag, version):
    task = compile_dag(mapped_dag(version, 'add.expand_kwargs([{"x": 1, "y": 2}, {"x": 3}])'), version)[
        "tasks"
    ]["add"]
    assert task["mapped"] == {"kind": "list", "expand": [{"x": 1, "y": 2}, {"x": 3}]}


@both
def test_unmapped_task_has_null_mapped(compile_dag, version):
    task = compile_dag(mapped_dag(version, "add(1)"), version)["tasks"]["add"]
    assert task["mapped"] is None


@both
def test_classic_operator_partial_expand(compile_dag, version):
    dag = compile_dag(
        mapped_dag(
            version,
            """BashOperator.partial(task_id="bash", retries=2, env={"A": "1"}).expand(
        bash_command=["echo 1", "echo 2"]
    )""",
        ),
        version,
    )
    task = dag["tasks"]["bash"]
    assert task["operator"] == BASH_OPERATOR[version]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"bash_command": ["echo 1", "echo 2"]}}
    assert task["retries"] == 2
    assert task["arguments"]["env"] == {"A": "1"}


@both
def test_classic_operator_expand_over_xcom(compile_dag, version):
    task = compile_dag(
        mapped_dag(version, 'BashOperator.partial(task_id="bash").expand(bash_command=numbers())'), version
    )["tasks"]["bash"]
    assert task["upstream"] == ["numbers"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"bash_command": xcom("numbers")}}


@both
def test_taskflow_expand_mixes_xcom_and_literal_with_partial(compile_dag, version):
    task = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def numbers():
                return [1]

            @task
            def add(x, y, z=0):
                return x

            add.partial(z=5).expand(x=numbers(), y=[1, 2])
    """,
        ),
        version,
    )["tasks"]["add"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"x": xcom("numbers"), "y": [1, 2]}}
    assert task["arguments"]["op_kwargs"] == {"z": 5}
    assert task["upstream"] == ["numbers"]


@both
def test_taskflow_expand_kwargs_over_xcom(compile_dag, version):
    task = compile_dag(mapped_dag(version, "add.expand_kwargs(numbers())"), version)["tasks"]["add"]
    assert task["mapped"] == {"kind": "list", "expand": xcom("numbers")}
    assert task["upstream"] == ["numbers"]


@both
def test_classic_operator_expand_kwargs(compile_dag, version):
    task = compile_dag(
        mapped_dag(
            version,
            """BashOperator.partial(task_id="bash").expand_kwargs(
        [{"bash_command": "echo 1"}, {"bash_command": "echo 2", "env": {"A": "1"}}]
    )""",
        ),
        version,
    )["tasks"]["bash"]
    assert task["mapped"] == {
        "kind": "list",
        "expand": [{"bash_command": "echo 1"}, {"bash_command": "echo 2", "env": {"A": "1"}}],
    }


@both
def test_classic_python_operator_partial_expand_base_fields(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        def f(x):
            return x


        with DAG("d", start_date=START, schedule=None):
            PythonOperator.partial(task_id="p", python_callable=f, retries=1, trigger_rule="all_done").expand(
                op_kwargs=[{"x": 1}]
            )
    """,
        ),
        version,
    )
    task = dag["tasks"]["p"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"op_kwargs": [{"x": 1}]}}
    assert (task["retries"], task["trigger_rule"]) == (1, "all_done")
    assert task["arguments"] == {"python_callable": {"$callable": "f"}}


@pytest.mark.parametrize(
    ("version", "taskflow_arguments"),
    [
        # default_args that only the classic operator accepts reach a mapped @task in 2.11 but not in 3.3
        ("3.3", {"op_args": [], "op_kwargs": {}}),
        ("2.11", {"bash_command": "echo default", "op_args": [], "op_kwargs": {}}),
    ],
)
def test_mapped_tasks_and_dag_default_args(compile_dag, version, taskflow_arguments):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None,
                 default_args={"retries": 4, "bash_command": "echo default", "owner": "o"}):
            BashOperator.partial(task_id="b").expand(env=[{"A": "1"}])

            @task
            def add(x):
                return x

            add.expand(x=[1])
    """,
        ),
        version,
    )["tasks"]
    assert (tasks["b"]["retries"], tasks["b"]["owner"]) == (4, "o")
    assert tasks["b"]["arguments"] == {}
    assert (tasks["add"]["retries"], tasks["add"]["owner"]) == (4, "o")
    assert {
        k: v for k, v in tasks["add"]["arguments"].items() if k != "python_callable"
    } == taskflow_arguments


@both
def test_mapped_tasks_in_group_get_group_default_args_and_suffix(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            with TaskGroup("g", default_args={"retries": 7}):
                @task
                def add(x):
                    return x

                add.expand(x=[1])
                add.expand(x=[2])
                BashOperator.partial(task_id="b").expand(bash_command=["x"])
    """,
        ),
        version,
    )["tasks"]
    assert sorted(tasks) == ["g.add", "g.add__1", "g.b"]
    assert [tasks[t]["retries"] for t in sorted(tasks)] == [7, 7, 7]
    assert tasks["g.add__1"]["mapped"] == {"kind": "kwargs", "expand": {"x": [2]}}


@both
def test_override_on_mapped_taskflow(compile_dag, version):
    tasks = compile_dag(
        mapped_dag(
            version,
            """add.override(task_id="renamed", retries=3).expand(x=[1])
    add.override(trigger_rule="all_done").partial(y=1).expand(x=[2])""",
        ),
        version,
    )["tasks"]
    assert tasks["renamed"]["retries"] == 3
    assert tasks["renamed"]["mapped"] == {"kind": "kwargs", "expand": {"x": [1]}}
    assert tasks["add"]["trigger_rule"] == "all_done"
    assert tasks["add"]["arguments"]["op_kwargs"] == {"y": 1}


# --------------------------------------------------------------------------------------
# Trigger rules, setup/teardown
# --------------------------------------------------------------------------------------


@both
def test_trigger_rule_enum_and_string(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="enum", trigger_rule=TriggerRule.ALL_DONE)
            EmptyOperator(task_id="string", trigger_rule="one_failed")
            EmptyOperator(task_id="default")

            @task(trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
            def flow():
                return 1

            flow()
    """,
        ),
        version,
    )
    tasks = dag["tasks"]
    assert tasks["enum"]["trigger_rule"] == "all_done"
    assert tasks["string"]["trigger_rule"] == "one_failed"
    assert tasks["default"]["trigger_rule"] == "all_success"
    assert tasks["flow"]["trigger_rule"] == "none_failed_min_one_success"


@both
def test_each_task_has_lineage_lists_of_its_own(compile_dag, version):
    # Every task starts from the version's defaults, shared by all its tasks; its lists are its own.
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"retries": 1}):
            a = EmptyOperator(task_id="a")
            b = EmptyOperator(task_id="b")
            a.inlets.append("in_a")
            a.outlets.append("out_a")
    """,
        ),
        version,
    )
    tasks = dag["tasks"]
    assert (tasks["a"]["inlets"], tasks["a"]["outlets"]) == (["in_a"], ["out_a"])
    assert (tasks["b"]["inlets"], tasks["b"]["outlets"]) == ([], [])


@both
def test_trigger_rule_from_default_args(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"trigger_rule": "all_failed"}):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert dag["tasks"]["t"]["trigger_rule"] == "all_failed"


@both
def test_trigger_rule_other_values(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="a", trigger_rule=TriggerRule.ALWAYS)
            EmptyOperator(task_id="b", trigger_rule="none_skipped")
            EmptyOperator(task_id="c", trigger_rule=TriggerRule.ONE_DONE)
            EmptyOperator(task_id="d", trigger_rule="all_skipped")
    """,
        ),
        version,
    )["tasks"]
    assert [tasks[t]["trigger_rule"] for t in "abcd"] == ["always", "none_skipped", "one_done", "all_skipped"]


@both
def test_trigger_rule_group_default_args_beat_dag_default_args(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None, default_args={"trigger_rule": "one_success"}):
            with TaskGroup("g", default_args={"trigger_rule": TriggerRule.NONE_FAILED}):
                EmptyOperator(task_id="a")
            EmptyOperator(task_id="b")

            @task
            def flow():
                return 1

            flow()
    """,
        ),
        version,
    )["tasks"]
    assert tasks["g.a"]["trigger_rule"] == "none_failed"
    assert tasks["b"]["trigger_rule"] == "one_success"
    assert tasks["flow"]["trigger_rule"] == "one_success"


def test_legacy_trigger_rule_names_are_normalised_on_2_11(compile_dag):
    # On 3.3 these names are rejected (see test_shim_errors.py).
    tasks = compile_dag(
        source(
            "2.11",
            """
        with DAG("d", start_date=START, schedule=None):
            EmptyOperator(task_id="a", trigger_rule="dummy")
            EmptyOperator(task_id="b", trigger_rule="none_failed_or_skipped")
    """,
        ),
        "2.11",
    )["tasks"]
    assert tasks["a"]["trigger_rule"] == "always"
    assert tasks["b"]["trigger_rule"] == "none_failed_min_one_success"


@both
def test_as_teardown_replaces_explicit_trigger_rule(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            s = EmptyOperator(task_id="s")
            t = EmptyOperator(task_id="t", trigger_rule="one_success")
            s >> t.as_teardown(setups=s)
    """,
        ),
        version,
    )["tasks"]
    assert tasks["t"]["trigger_rule"] == "all_done_setup_success"


@both
def test_as_teardown_with_setups(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            create = EmptyOperator(task_id="create")
            work = EmptyOperator(task_id="work")
            delete = EmptyOperator(task_id="delete")
            create >> work >> delete.as_teardown(setups=create)
    """,
        ),
        version,
    )
    tasks = dag["tasks"]
    assert (tasks["create"]["is_setup"], tasks["create"]["is_teardown"]) == (True, False)
    assert (tasks["delete"]["is_setup"], tasks["delete"]["is_teardown"]) == (False, True)
    assert tasks["delete"]["upstream"] == ["create", "work"]
    assert tasks["delete"]["trigger_rule"] == "all_done_setup_success"
    assert tasks["work"]["is_setup"] is False


@both
def test_setup_and_teardown_decorators(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @setup
            def make():
                return 1

            @teardown
            def clean():
                return None

            @task
            def work():
                return 2

            m = make()
            m >> work() >> clean()
    """,
        ),
        version,
    )
    tasks = dag["tasks"]
    assert tasks["make"]["is_setup"] is True
    assert tasks["clean"]["is_teardown"] is True
    assert tasks["clean"]["trigger_rule"] == "all_done_setup_success"
    assert tasks["work"]["upstream"] == ["make"]
    assert tasks["clean"]["upstream"] == ["work"]


@both
def test_teardown_context_manager_wires_setup_to_teardown(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            create = EmptyOperator(task_id="create")
            delete = EmptyOperator(task_id="delete")
            with delete.as_teardown(setups=create):
                EmptyOperator(task_id="work")
    """,
        ),
        version,
    )
    tasks = dag["tasks"]
    assert tasks["work"]["upstream"] == ["create"]
    assert tasks["delete"]["upstream"] == ["create", "work"]


@both
def test_as_teardown_with_several_setups(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            s1, s2, w, t = [EmptyOperator(task_id=n) for n in ("s1", "s2", "w", "t")]
            [s1, s2] >> w >> t.as_teardown(setups=[s1, s2])
    """,
        ),
        version,
    )["tasks"]
    assert (tasks["s1"]["is_setup"], tasks["s2"]["is_setup"]) == (True, True)
    assert tasks["t"]["upstream"] == ["s1", "s2", "w"]


@both
def test_as_setup_and_as_teardown_without_setups(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            s, w, t = [EmptyOperator(task_id=n) for n in ("s", "w", "t")]
            s.as_setup() >> w >> t.as_teardown()
    """,
        ),
        version,
    )["tasks"]
    assert tasks["s"]["is_setup"] is True
    assert tasks["t"]["is_teardown"] is True
    assert tasks["t"]["upstream"] == ["w"]
    assert tasks["s"]["downstream"] == ["w"]


@both
def test_as_teardown_setups_not_otherwise_wired(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            s, t = [EmptyOperator(task_id=n) for n in "st"]
            t.as_teardown(setups=s)
    """,
        ),
        version,
    )["tasks"]
    assert tasks["s"]["is_setup"] is True
    assert tasks["t"]["upstream"] == ["s"]


@both
def test_decorated_teardown_as_context_manager(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @setup
            def make():
                return 1

            @teardown
            def clean(x):
                return None

            @task
            def work():
                return 2

            m = make()
            with clean(m):
                work()
    """,
        ),
        version,
    )["tasks"]
    assert tasks["work"]["upstream"] == ["make"]
    assert tasks["clean"]["upstream"] == ["make", "work"]
    assert tasks["clean"]["arguments"]["op_args"] == [xcom("make")]


@both
def test_as_setup_and_as_teardown_on_taskflow_xcomargs(compile_dag, version):
    tasks = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def make():
                return 1

            @task
            def clean():
                return 1

            m = make().as_setup()
            m >> clean().as_teardown(setups=m)
    """,
        ),
        version,
    )["tasks"]
    assert tasks["make"]["is_setup"] is True
    assert tasks["clean"]["is_teardown"] is True
    assert tasks["clean"]["trigger_rule"] == "all_done_setup_success"


# --------------------------------------------------------------------------------------
# Schedules
# --------------------------------------------------------------------------------------

SCHEDULE_DAG = """
with DAG("d", start_date=START{schedule}):
    EmptyOperator(task_id="t")
"""


def schedule_dag(version: str, schedule: str | None) -> str:
    arg = "" if schedule is None else f", schedule={schedule}"
    return source(version, SCHEDULE_DAG.format(schedule=arg))


AF3_TIMETABLES = "airflow.sdk.definitions.timetables"
AF2_TIMETABLES = "airflow.timetables"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (
            "3.3",
            {
                "kind": "cron",
                "timetable": f"{AF3_TIMETABLES}.trigger.CronTriggerTimetable",
                "expression": "0 3 * * *",
                "timezone": "UTC",
                "interval": {"$timedelta": 0},
                "run_immediately": False,
            },
        ),
        (
            "2.11",
            {
                "kind": "cron",
                "timetable": f"{AF2_TIMETABLES}.interval.CronDataIntervalTimetable",
                "expression": "0 3 * * *",
                "timezone": "UTC",
            },
        ),
    ],
)
def test_schedule_cron_string(compile_dag, version, expected):
    assert compile_dag(schedule_dag(version, '"0 3 * * *"'), version)["schedule"] == expected


@pytest.mark.parametrize(
    ("version", "timetable"),
    [
        ("3.3", f"{AF3_TIMETABLES}.trigger.CronTriggerTimetable"),
        ("2.11", f"{AF2_TIMETABLES}.interval.CronDataIntervalTimetable"),
    ],
)
def test_schedule_preset_daily_becomes_cron(compile_dag, version, timetable):
    schedule = compile_dag(schedule_dag(version, '"@daily"'), version)["schedule"]
    assert (schedule["kind"], schedule["timetable"], schedule["expression"]) == (
        "cron",
        timetable,
        "0 0 * * *",
    )


@pytest.mark.parametrize(
    ("version", "timetable"),
    [("3.3", f"{AF3_TIMETABLES}.simple.NullTimetable"), ("2.11", f"{AF2_TIMETABLES}.simple.NullTimetable")],
)
def test_schedule_none(compile_dag, version, timetable):
    assert compile_dag(schedule_dag(version, "None"), version)["schedule"] == {
        "kind": "none",
        "timetable": timetable,
    }


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (
            "3.3",
            {
                "kind": "delta",
                "timetable": f"{AF3_TIMETABLES}.trigger.DeltaTriggerTimetable",
                "delta": {"$timedelta": 21600},
                "interval": {"$timedelta": 0},
            },
        ),
        (
            "2.11",
            {
                "kind": "delta",
                "timetable": f"{AF2_TIMETABLES}.interval.DeltaDataIntervalTimetable",
                "delta": {"$timedelta": 21600},
            },
        ),
    ],
)
def test_schedule_timedelta(compile_dag, version, expected):
    assert compile_dag(schedule_dag(version, "datetime.timedelta(hours=6)"), version)["schedule"] == expected


@pytest.mark.parametrize(
    ("version", "timetable"),
    [("3.3", f"{AF3_TIMETABLES}.simple.OnceTimetable"), ("2.11", f"{AF2_TIMETABLES}.simple.OnceTimetable")],
)
def test_schedule_once(compile_dag, version, timetable):
    assert compile_dag(schedule_dag(version, '"@once"'), version)["schedule"] == {
        "kind": "once",
        "timetable": timetable,
    }


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        # Airflow 3: no schedule means no schedule.
        ("3.3", {"kind": "none", "timetable": f"{AF3_TIMETABLES}.simple.NullTimetable"}),
        # Airflow 2: the default schedule_interval is timedelta(days=1).
        (
            "2.11",
            {
                "kind": "delta",
                "timetable": f"{AF2_TIMETABLES}.interval.DeltaDataIntervalTimetable",
                "delta": {"$timedelta": 86400},
            },
        ),
    ],
)
def test_schedule_unset_uses_version_default(compile_dag, version, expected):
    assert compile_dag(schedule_dag(version, None), version)["schedule"] == expected


@pytest.mark.parametrize(("version", "catchup"), [("3.3", False), ("2.11", True)])
@pytest.mark.parametrize("schedule", [None, '"0 3 * * *"', '"@once"', "None"])
def test_catchup_default_differs_between_versions(compile_dag, version, catchup, schedule):
    assert compile_dag(schedule_dag(version, schedule), version)["catchup"] is catchup


@both
def test_catchup_explicit(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule="@daily", catchup=True):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert dag["catchup"] is True


@pytest.mark.parametrize(
    ("version", "timetable"),
    [
        ("3.3", f"{AF3_TIMETABLES}.trigger.CronTriggerTimetable"),
        ("2.11", f"{AF2_TIMETABLES}.interval.CronDataIntervalTimetable"),
    ],
)
@pytest.mark.parametrize(
    ("preset", "expression"),
    [
        ("@hourly", "0 * * * *"),
        ("@weekly", "0 0 * * 0"),
        ("@monthly", "0 0 1 * *"),
        ("@quarterly", "0 0 1 */3 *"),
        ("@yearly", "0 0 1 1 *"),
    ],
)
def test_schedule_other_presets(compile_dag, version, timetable, preset, expression):
    schedule = compile_dag(schedule_dag(version, repr(preset)), version)["schedule"]
    assert (schedule["kind"], schedule["timetable"], schedule["expression"]) == (
        "cron",
        timetable,
        expression,
    )


@pytest.mark.parametrize(
    ("version", "timetable"),
    [
        ("3.3", f"{AF3_TIMETABLES}.simple.ContinuousTimetable"),
        ("2.11", f"{AF2_TIMETABLES}.simple.ContinuousTimetable"),
    ],
)
def test_schedule_continuous(compile_dag, version, timetable):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule="@continuous", max_active_runs=1):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert dag["schedule"] == {"kind": "continuous", "timetable": timetable}


@both
def test_schedule_cron_takes_start_date_timezone(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=pendulum.datetime(2024, 1, 1, tz="Europe/Amsterdam"), schedule="0 3 * * *"):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert dag["schedule"]["timezone"] == "Europe/Amsterdam"


@pytest.mark.parametrize(
    ("version", "timetable"),
    [
        ("3.3", f"{AF3_TIMETABLES}.trigger.DeltaTriggerTimetable"),
        ("2.11", f"{AF2_TIMETABLES}.interval.DeltaDataIntervalTimetable"),
    ],
)
def test_schedule_relativedelta(compile_dag, version, timetable):
    dag = compile_dag(
        source(
            version,
            """
        from dateutil.relativedelta import relativedelta

        with DAG("d", start_date=START, schedule=relativedelta(months=1)):
            EmptyOperator(task_id="t")
    """,
        ),
        version,
    )
    assert (dag["schedule"]["kind"], dag["schedule"]["timetable"]) == ("delta", timetable)
    assert dag["schedule"]["delta"] == {"$relativedelta": {"months": 1}}


@pytest.mark.parametrize(
    ("version", "kind", "timetable"),
    [
        ("3.3", "none", f"{AF3_TIMETABLES}.simple.NullTimetable"),
        ("2.11", "delta", f"{AF2_TIMETABLES}.interval.DeltaDataIntervalTimetable"),
    ],
)
def test_schedule_unset_on_dag_decorator(compile_dag, version, kind, timetable):
    dag = compile_dag(
        source(
            version,
            """
        @dag(start_date=START)
        def d():
            EmptyOperator(task_id="t")


        d()
    """,
        ),
        version,
    )
    assert (dag["schedule"]["kind"], dag["schedule"]["timetable"]) == (kind, timetable)


# --------------------------------------------------------------------------------------
# Edge labels
# --------------------------------------------------------------------------------------


@both
def test_label_between_tasks(compile_dag, version):
    dag = compile_dag(wired(version, 'a >> Label("yes") >> b', 'c << Label("back") << d'), version)
    assert dag["edge_labels"] == [
        {"from": "a", "to": "b", "label": "yes"},
        {"from": "d", "to": "c", "label": "back"},
    ]
    assert dag["tasks"]["b"]["upstream"] == ["a"]


@both
def test_label_fanning_out_to_list(compile_dag, version):
    dag = compile_dag(wired(version, 'a >> Label("many") >> [b, c]'), version)
    assert dag["edge_labels"] == [
        {"from": "a", "to": "b", "label": "many"},
        {"from": "a", "to": "c", "label": "many"},
    ]


@both
def test_label_via_set_downstream_edge_modifier(compile_dag, version):
    dag = compile_dag(wired(version, 'a.set_downstream(b, edge_modifier=Label("mod"))'), version)
    assert dag["edge_labels"] == [{"from": "a", "to": "b", "label": "mod"}]


@both
def test_label_from_list_to_task(compile_dag, version):
    dag = compile_dag(wired(version, '[a, b] >> Label("in") >> c'), version)
    assert dag["edge_labels"] == [
        {"from": "a", "to": "c", "label": "in"},
        {"from": "b", "to": "c", "label": "in"},
    ]


@both
def test_label_via_set_upstream_edge_modifier(compile_dag, version):
    dag = compile_dag(wired(version, 'b.set_upstream(a, edge_modifier=Label("up"))'), version)
    assert dag["edge_labels"] == [{"from": "a", "to": "b", "label": "up"}]


@both
def test_label_between_taskflow_tasks(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            @task
            def one():
                return 1

            @task
            def two():
                return 2

            one() >> Label("l") >> two()
    """,
        ),
        version,
    )
    assert dag["edge_labels"] == [{"from": "one", "to": "two", "label": "l"}]


@both
def test_relabelling_an_edge_keeps_the_last_label(compile_dag, version):
    dag = compile_dag(wired(version, 'a >> Label("first") >> b', 'a >> Label("second") >> b'), version)
    assert dag["edge_labels"] == [{"from": "a", "to": "b", "label": "second"}]


@both
def test_plain_edge_after_labelled_edge_keeps_label(compile_dag, version):
    dag = compile_dag(wired(version, 'a >> Label("first") >> b', "a >> b"), version)
    assert dag["edge_labels"] == [{"from": "a", "to": "b", "label": "first"}]


@both
def test_label_into_and_out_of_task_group(compile_dag, version):
    dag = compile_dag(
        source(
            version,
            """
        with DAG("d", start_date=START, schedule=None):
            a = EmptyOperator(task_id="a")
            with TaskGroup("g") as g:
                EmptyOperator(task_id="x")
                EmptyOperator(task_id="y")
            b = EmptyOperator(task_id="b")
            chain(a, Label("into"), g, Label("out"), b)
    """,
        ),
        version,
    )
    # Real Airflow also labels the group's join nodes.
    assert dag["edge_labels"] == [
        {"from": "a", "to": "g.upstream_join_id", "label": "into"},
        {"from": "a", "to": "g.x", "label": "into"},
        {"from": "a", "to": "g.y", "label": "into"},
        {"from": "g.downstream_join_id", "to": "b", "label": "out"},
    ]
    assert dag["tasks"]["b"]["upstream"] == ["g.x", "g.y"]


@both
def test_unlabelled_edges_have_no_label_entry(compile_dag, version):
    dag = compile_dag(wired(version, "a >> b"), version)
    assert dag["edge_labels"] == []


# --------------------------------------------------------------------------------------
# Generic provider operator capture (shim only)
# --------------------------------------------------------------------------------------


@both
def test_generic_provider_operator_is_captured(compile_dag, version):
    # The Google provider is NOT installed in the real Airflow venvs, so there is no
    # real-Airflow reference here: this asserts only what the shim records for an
    # operator it does not model (its class path and its constructor arguments).
    dag = compile_dag(
        source(
            version,
            """
        from airflow.providers.google.cloud.operators.bigquery import BigQueryInsertJobOperator

        with DAG("d", start_date=START, schedule=None):
            BigQueryInsertJobOperator(
                task_id="bq",
                configuration={"query": {"query": "SELECT 1", "useLegacySql": False}},
                location="EU",
                retries=2,
            )
    """,
        ),
        version,
    )
    task = dag["tasks"]["bq"]
    assert task["operator"] == "airflow.providers.google.cloud.operators.bigquery.BigQueryInsertJobOperator"
    assert task["arguments"]["configuration"] == {"query": {"query": "SELECT 1", "useLegacySql": False}}
    assert task["arguments"]["location"] == "EU"
    assert task["retries"] == 2


def test_a_custom_operator_defined_in_the_dag_file_maps_over_its_own_parameter(compile_dag):
    dag = compile_dag(
        """
        import datetime
        from airflow.sdk import DAG, BaseOperator

        class AddOne(BaseOperator):
            def __init__(self, value, **kwargs):
                super().__init__(**kwargs)
                self.value = value

        with DAG("custom_map", start_date=datetime.datetime(2024, 1, 1), schedule=None):
            AddOne.partial(task_id="add").expand(value=[1, 2])
        """,
        "3.3",
    )
    task = dag["tasks"]["add"]
    assert task["mapped"] == {"kind": "kwargs", "expand": {"value": [1, 2]}}
    assert task["arguments"] == {}
    assert task["operator"].endswith(".AddOne")


def test_a_base_field_property_of_the_operator_class_receives_the_value(compile_dag):
    """The shim writes base fields straight into a task's ``__dict__`` only for classes that do not
    intercept them; a property of the DAG file's own class still gets the value, as in Airflow
    (confirmed with real Airflow 3.3.2: retries 20)."""
    body = """\
    class TenfoldRetries(EmptyOperator):
        @property
        def retries(self):
            return self._retries_given

        @retries.setter
        def retries(self, value):
            self._retries_given = value * 10

    with DAG("prop_dag", start_date=START, schedule=None):
        TenfoldRetries(task_id="t", retries=2)
    """
    dag = compile_dag(source("3.3", body), "3.3")
    assert dag["tasks"]["t"]["retries"] == 20
