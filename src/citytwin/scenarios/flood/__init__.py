"""Urban flood engine: a 2D local-inertial shallow-water model with rain, infiltration and drainage.

Entry point: ``run_flood(FloodInputs(...)) -> FloodResult``. See docs/flood.md for the scheme,
validation and benchmarks.
"""

from citytwin.scenarios.flood.grid import (
    DEFAULT_MANNING,
    Grid,
    LandUse,
    RoofRouting,
    building_mask,
    manning_table,
    rasterise_polygons,
)
from citytwin.scenarios.flood.impacts import (
    DepthClassArea,
    RoadImpact,
    building_entrance_depths,
    device_depths,
    flooded_area_by_class,
    road_impacts,
)
from citytwin.scenarios.flood.infiltration import (
    GreenAmptParams,
    HortonParams,
    Infiltration,
    horton_cumulative_mm,
)
from citytwin.scenarios.flood.inputs import (
    Boundary,
    Drainage,
    DrainageZone,
    EdgeInflow,
    FloodInputs,
    Gauge,
    PointInflow,
    Series,
    SolverOptions,
)
from citytwin.scenarios.flood.model import FloodCancelled, FloodResult, MassBalance, run_flood
from citytwin.scenarios.flood.rain import (
    Hyetograph,
    Rainfall,
    RainGauge,
    StormFormula,
    chicago_hyetograph,
    drainage_capacity_from_design,
)

__all__ = [
    "DEFAULT_MANNING",
    "Boundary",
    "DepthClassArea",
    "Drainage",
    "DrainageZone",
    "EdgeInflow",
    "FloodCancelled",
    "FloodInputs",
    "FloodResult",
    "Gauge",
    "GreenAmptParams",
    "Grid",
    "HortonParams",
    "Hyetograph",
    "Infiltration",
    "LandUse",
    "MassBalance",
    "PointInflow",
    "RainGauge",
    "Rainfall",
    "RoadImpact",
    "RoofRouting",
    "Series",
    "SolverOptions",
    "StormFormula",
    "building_entrance_depths",
    "building_mask",
    "chicago_hyetograph",
    "device_depths",
    "drainage_capacity_from_design",
    "flooded_area_by_class",
    "horton_cumulative_mm",
    "manning_table",
    "rasterise_polygons",
    "road_impacts",
    "run_flood",
]
