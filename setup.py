"""Package list for setuptools (all configuration is in pyproject.toml).

``netbuilder.presets`` and ``netbuilder.resources`` are mapped to the top-level folders
``presets/`` and ``resources/`` in pyproject.toml; discovery cannot see mapped packages, so
they are added to the discovered ``netbuilder`` packages here.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["netbuilder", "netbuilder.*"]),
        "netbuilder.presets",
        "netbuilder.resources",
    ]
)
