"""The argument names ``partial()`` and ``expand()`` accept, and the duplicates they refuse.

Airflow checks them at parse time (``validate_mapping_kwargs``, ``prevent_duplicates``): a
name is accepted when the wrapper its operator metaclass put on some ``__init__`` of the class
records it. The metaclass wraps a class's ``__init__`` only where it is not its first base's,
so a mixin's own ``__init__`` records nothing, unless an operator class inherits it past a base
without one. Each expected outcome below was read off real Apache Airflow 2.11.2 and 3.3.2
(``dagfidelity compile FILE --backend airflow``: the same text on both); the last test holds the
shim to whichever real Airflow is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dagfidelity.backends import Backend

from .conftest import compile_file

HEAD = """import pendulum
from airflow import DAG
from airflow.decorators import task
from airflow.operators.empty import EmptyOperator


class Tagged:
    def __init__(self, *args, label="x", **kwargs):
        self.label = label
        super().__init__(*args, **kwargs)


class NoInit:
    pass


class MyOp(EmptyOperator):
    def __init__(self, *, size=1, colour="red", **kwargs):
        super().__init__(**kwargs)
        self.size = size
        self.colour = colour


class PosOnly(EmptyOperator):
    def __init__(self, width=1, /, **kwargs):
        super().__init__(**kwargs)


@task
def add(x, y):
    return x + y


@task
def kw(**kwargs):
    return kwargs


@task
def star(*args):
    return args

CLASS

with DAG(dag_id="mapping", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"), schedule=None):
    CALL
"""

# name: (a class the file defines, the call, Airflow's error (type, message) or None: it parses)
CASES: dict[str, tuple[str, str, tuple[str, str] | None]] = {
    "a_mixin_init": (
        "class C(Tagged, MyOp):\n    pass\n",
        'C.partial(task_id="t", label="y").expand(size=[1, 2])',
        ("TypeError", "C.partial() got an unexpected keyword argument 'label'"),
    ),
    "a_mixin_init_after_the_operator": (
        "class C(MyOp, Tagged):\n    pass\n",
        'C.partial(task_id="t", label="y").expand(size=[1, 2])',
        ("TypeError", "C.partial() got an unexpected keyword argument 'label'"),
    ),
    "a_mixin_init_beside_the_class_own": (
        "class C(Tagged, MyOp):\n    def __init__(self, *args, depth=0, **kwargs):\n"
        "        super().__init__(*args, **kwargs)\n",
        'C.partial(task_id="t", depth=1, label="z").expand(size=[1, 2])',
        ("TypeError", "C.partial() got an unexpected keyword argument 'label'"),
    ),
    # C.__init__ is Tagged's, its first base's is object's: the metaclass wraps it, names and all.
    "a_mixin_init_behind_a_base_without_one": (
        "class C(NoInit, Tagged, MyOp):\n    pass\n",
        'C.partial(task_id="t", label="y").expand(size=[1, 2])',
        None,
    ),
    "an_init_assigned_from_the_base": (
        "class C(MyOp):\n    __init__ = MyOp.__init__\n",
        'C.partial(task_id="t", colour="b").expand(size=[1, 2])',
        None,
    ),
    "a_positional_only_parameter": ("", 'PosOnly.partial(task_id="t").expand(width=[1, 2])', None),
    "two_unknown_names_in_the_order_given": (
        "",
        'MyOp.partial(task_id="t", zeta=1, alpha=2).expand(size=[1])',
        ("TypeError", "MyOp.partial() got unexpected keyword arguments 'zeta', 'alpha'"),
    ),
    "an_argument_given_to_both": (
        "",
        'MyOp.partial(task_id="t", size=1).expand(size=[2])',
        ("TypeError", "unmappable or already specified argument: size"),
    ),
    "two_arguments_given_to_both": (
        "",
        'MyOp.partial(task_id="t", size=1, colour="b").expand(size=[2], colour=["g"])',
        ("TypeError", "unmappable or already specified arguments: colour, size"),
    ),
    "a_tuple_and_a_range_map": ("", 'MyOp.partial(task_id="t").expand(size=(1, 2), colour=range(2))', None),
    "a_set_does_not_map": (
        "",
        'MyOp.partial(task_id="t").expand(size={1, 2})',
        ("ValueError", "MyOp.expand() got an unexpected type 'set' for keyword argument size"),
    ),
    "an_unmappable_value_before_an_unknown_name": (
        "",
        'MyOp.partial(task_id="t").expand(size=5, nope=[1])',
        ("ValueError", "MyOp.expand() got an unexpected type 'int' for keyword argument size"),
    ),
    "a_taskflow_unmappable_value": (
        "",
        "add.expand(x=5, y=[1])",
        ("ValueError", "expand() got an unexpected type 'int' for keyword argument 'x'"),
    ),
    "a_taskflow_tuple_and_range_map": ("", "add.expand(x=(1, 2), y=range(2))", None),
    "a_taskflow_with_kwargs_maps_anything": ("", "kw.expand(x=5)", None),
    "a_taskflow_star_args_name": ("", "star.expand(args=[1, 2])", None),
    "taskflow_unknown_names_in_the_order_given": (
        "",
        "add.partial(zeta=1, alpha=2).expand(x=[1])",
        ("TypeError", "partial() got unexpected keyword arguments 'zeta', 'alpha'"),
    ),
    "a_taskflow_partial_given_twice": (
        "",
        "add.partial(x=1).partial(x=2).expand(y=[1, 2])",
        ("TypeError", "duplicate partial argument: x"),
    ),
}


def write(folder: Path, name: str) -> Path:
    klass, call, _ = CASES[name]
    path = folder / f"{name}.py"
    path.write_text(HEAD.replace("CLASS", klass).replace("CALL", call), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", ["2.11", "3.3"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_shim_accepts_and_refuses_what_airflow_does(
    name: str, version: str, shim: Callable[[str], Backend], tmp_path: Path
) -> None:
    path = write(tmp_path, name)
    result = compile_file(shim(version), path)
    expected = CASES[name][2]
    if expected is None:
        assert result.ok, result.error
    else:
        assert result.error is not None, f"{name} parses; Airflow refuses it: {expected}"
        assert (result.error.type, result.error.message) == expected
        call_line = path.read_text(encoding="utf-8").splitlines().index("    " + CASES[name][1]) + 1
        assert result.error.line == call_line


@pytest.mark.airflow
@pytest.mark.parametrize("name", sorted(CASES))
def test_real_airflow_agrees(name: str, against_airflow: Callable[[Path], None], tmp_path: Path) -> None:
    against_airflow(write(tmp_path, name))
