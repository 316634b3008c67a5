from __future__ import annotations

import pytest

from pytest_dagfidelity.backends import BackendOptions
from pytest_dagfidelity.records import ParseError, Result, Unvalidated


def test_records_compare_by_their_fields_and_never_change() -> None:
    error = ParseError("ImportError", "no module named x", line=3, origin="environment")
    same = ParseError(type="ImportError", message="no module named x", line=3, origin="environment")
    assert error == same and hash(error) == hash(same)
    assert error != ParseError("ImportError", "no module named x", line=4, origin="environment")
    assert Unvalidated("d", "t", "m:Op") != ("d", "t", "m:Op")  # a record is not its values
    with pytest.raises(AttributeError, match="immutable"):
        error.line = 5  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del error.line
    assert repr(Unvalidated("d", "t", "m:Op")) == "Unvalidated(dag_id='d', task_id='t', operator='m:Op')"


def test_an_error_record_round_trips_through_a_workers_json() -> None:
    error = ParseError("X", "m", line=1, origin="unsupported", kind="k", fix="f", qualname="q.X")
    assert ParseError.from_record(error.as_record()) == error
    assert Result.failed(error) == Result(error=error) and not Result(error=error).ok


def test_options_replace_changes_only_what_it_names() -> None:
    options = BackendOptions(target="3.3", timeout=7.0, env={"A": "1"})
    changed = options.replace(target="2.11")
    assert changed.target == "2.11" and changed.timeout == 7.0 and changed.env == {"A": "1"}
    assert options.target == "3.3" and changed != options
    with pytest.raises(TypeError):
        options.replace(no_such_option=1)


def test_records_copy_and_pickle_as_themselves() -> None:
    import copy
    import pickle

    result = Result(error=ParseError("X", "m", line=2), unvalidated=(Unvalidated("d", "t", "m:Op"),))
    options = BackendOptions(target="3.3", text=True, env={"A": "1"})
    for record in (result, options, result.error):
        assert pickle.loads(pickle.dumps(record)) == record
        assert copy.deepcopy(record) == record and copy.copy(record) == record
