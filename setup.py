"""Maps the repository's folders into one installed package, `dlgrade`.

The repository keeps the layout that shows the architecture (autograder/, exercises/,
solutions/, templates/); installed, they are dlgrade, dlgrade.exercises, dlgrade.solutions
and dlgrade.templates, so nothing named `exercises` or `solutions` lands in site-packages.
New exercises are found here, so adding one never touches packaging.
"""
from setuptools import find_namespace_packages, setup

ROOTS = {"dlgrade": "autograder", "dlgrade.exercises": "exercises", "dlgrade.solutions": "solutions",
         "dlgrade.templates": "templates"}
SKIP = ["__pycache__", "*.__pycache__"]

packages = []
for name, folder in ROOTS.items():
    packages.append(name)
    packages += [f"{name}.{sub}" for sub in find_namespace_packages(folder, exclude=SKIP)
                 if not sub.startswith(("exercises", "solutions", "templates"))]

setup(packages=packages, package_dir=ROOTS)
