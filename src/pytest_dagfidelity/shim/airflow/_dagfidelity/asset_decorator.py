"""``@asset`` (Airflow 3): a function that materialises an asset becomes a one-task DAG.

As Airflow does it: the decorated function gives an ``AssetDefinition`` (an ``Asset``
named after the function unless ``name=`` says otherwise), which at once builds a DAG
(``dag_id`` = the asset's name, ``catchup=False``) holding one ``_AssetMainOperator`` task
named after the function. Parameters without a default become inlets (``Asset.ref(name=...)``)
except the run-time ones; which those are, and which name the task records as its
``definition_name``, are measured per version (``asset_decorator`` in the table).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from . import errors, runtime
from .assets import Asset, AssetAll, AssetNameRef
from .callable_params import signature

TYPE_CHECKING = False  # typing's flag, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any

_RUNTIME_PARAMETERS = ("self", "context", "outlet_events")  # what the probe's function declares


def _measured() -> dict[str, Any]:
    return runtime.TARGET.facts.get("asset_decorator") or {}


def _validate_function(f: Callable[..., Any]) -> None:
    for name, param in signature(f).parameters.items():
        if param.kind == param.VAR_POSITIONAL:
            raise TypeError(f"wildcard '*{name}' is not supported in @asset")
        if param.kind == param.VAR_KEYWORD:
            raise TypeError(f"wildcard '**{name}' is not supported in @asset")
        if param.kind == param.POSITIONAL_ONLY and param.default is param.empty:
            raise TypeError(f"positional-only argument '{name}' without a default is not supported in @asset")


class AssetDefinition(Asset):
    def __init__(self, *, name: str, uri: str, group: str, extra: Any, function: Any, source: asset) -> None:
        super().__init__(name=name, uri=uri, group=group, extra=extra, watchers=source.watchers)
        self._function = function
        self._source = source
        with source.create_dag(default_dag_id=self.name):
            self._instantiate_task()

    def _instantiate_task(self) -> None:
        _instantiate_task(self._function, [self], self.name)


def _instantiate_task(f: Any, outlets: list[Any], definition_name: str) -> None:
    """The one task of an ``@asset`` / ``@asset.multi`` DAG, as Airflow's ``_instantiate_task``."""
    if getattr(f, "_dagfidelity_task_decorator", False):  # @asset over @task
        if _measured().get("over_task", "task") != "task":
            # 3.0 wraps the TaskFlow object itself in the asset's operator (measured).
            raise errors.unsupported(
                f"@asset over @task ({f.__name__}) on Airflow {runtime.TARGET.full}, which wraps the "
                "TaskFlow task in the asset's own operator",
                "decorate the plain function with @asset, or parse this file with the airflow backend",
            )
        if "outlets" in f.kwargs:
            raise TypeError("@task decorator with 'outlets' argument is not supported in @asset")
        f.kwargs["outlets"] = list(outlets)
        f()
        return
    from .impls import resolve

    measured = _measured()
    if "operator" not in measured:
        raise errors.unsupported("@asset", "parse this file with the airflow backend")
    operator = resolve(measured["operator"], "_AssetMainOperator", "airflow.sdk")
    _validate_function(f)
    runtime_names = [n for n in _RUNTIME_PARAMETERS if n not in measured["inlets"]]
    inlets = [
        AssetNameRef(name)
        for name, param in signature(f).parameters.items()
        if name not in runtime_names and param.default is param.empty
    ]
    by_name = measured["definition_name"] == "probe_asset_name"  # else the function's name
    operator(
        task_id=f.__name__,
        inlets=inlets,
        outlets=list(outlets),
        python_callable=f,
        definition_name=definition_name if by_name else f.__name__,
    )


class MultiAssetDefinition(AssetAll):
    """What ``@asset.multi`` makes: all of its outlets, as a condition, and a one-task DAG named
    after the function that emits them."""

    def __init__(self, *, function: Any, source: Any, name: str) -> None:
        super().__init__(*source.outlets)
        if _measured().get("multi_name", True):  # 3.0's has no name (measured)
            self.name = name
        self._function = function
        self._source = source
        with source.create_dag(default_dag_id=function.__name__):
            _instantiate_task(function, self.objects, name)


MultiAssetDefinition.__module__ = "airflow.sdk.definitions.asset.decorators"  # rendered as Airflow's


class asset:  # noqa: N801 - Airflow's name
    def __init__(
        self,
        *,
        schedule: Any,
        is_paused_upon_creation: bool | None = None,
        dag_id: str | None = None,
        dag_display_name: str | None = None,
        description: str | None = None,
        params: Any = None,
        on_success_callback: Any = None,
        on_failure_callback: Any = None,
        access_control: Any = None,
        owner_links: dict[str, str] | None = None,
        tags: Collection[str] | None = None,
        name: str | None = None,
        uri: Any = None,
        group: str = "asset",
        extra: dict[str, Any] | None = None,
        watchers: list[Any] | None = None,
    ) -> None:
        self.schedule = schedule
        self.is_paused_upon_creation = is_paused_upon_creation
        self.dag_id = dag_id
        self.dag_display_name = dag_display_name
        self.description = description
        self.params = params
        self.on_success_callback = on_success_callback
        self.on_failure_callback = on_failure_callback
        self.access_control = access_control
        self.owner_links = owner_links or {}
        self.tags = set() if tags is None else tags
        self.name = name
        self.uri = uri
        self.group = group
        self.extra = extra or {}
        self.watchers = watchers or []

    def create_dag(self, *, default_dag_id: str) -> Any:
        from .dag import DAG

        dag_id = self.dag_id or default_dag_id
        return DAG(
            dag_id=dag_id,
            schedule=self.schedule,
            is_paused_upon_creation=self.is_paused_upon_creation,
            catchup=False,
            dag_display_name=self.dag_display_name or dag_id,
            description=self.description,
            params=self.params,
            on_success_callback=self.on_success_callback,
            on_failure_callback=self.on_failure_callback,
            access_control=self.access_control,
            owner_links=self.owner_links,
            tags=self.tags,
            auto_register=True,
        )

    def __call__(self, f: Callable[..., Any]) -> AssetDefinition:
        if f.__name__ != f.__qualname__:
            raise ValueError("nested function not supported")
        name = self.name or f.__name__
        return AssetDefinition(
            name=name,
            uri=name if self.uri is None else str(self.uri),
            group=self.group,
            extra=self.extra,
            function=f,
            source=self,
        )

    class multi:  # noqa: N801 - Airflow's name
        """``@asset.multi(outlets=[...], schedule=...)``: a one-task DAG that emits several assets."""

        def __init__(
            self,
            *,
            outlets: Collection[Any],
            schedule: Any,
            is_paused_upon_creation: bool | None = None,
            dag_id: str | None = None,
            dag_display_name: str | None = None,
            description: str | None = None,
            params: Any = None,
            on_success_callback: Any = None,
            on_failure_callback: Any = None,
            access_control: Any = None,
            owner_links: dict[str, str] | None = None,
            tags: Collection[str] | None = None,
        ) -> None:
            self.outlets = outlets
            self.schedule = schedule
            self.is_paused_upon_creation = is_paused_upon_creation
            self.dag_id = dag_id
            self.dag_display_name = dag_display_name
            self.description = description
            self.params = params
            self.on_success_callback = on_success_callback
            self.on_failure_callback = on_failure_callback
            self.access_control = access_control
            self.owner_links = owner_links or {}
            self.tags = set() if tags is None else tags

        def create_dag(self, *, default_dag_id: str) -> Any:
            return asset.create_dag(self, default_dag_id=default_dag_id)  # type: ignore[arg-type]

        def __call__(self, f: Callable[..., Any]) -> MultiAssetDefinition:
            if f.__name__ != f.__qualname__:
                raise ValueError("nested function not supported")
            if not self.outlets:
                raise ValueError("no outlets provided")
            return MultiAssetDefinition(function=f, source=self, name=f.__name__)
