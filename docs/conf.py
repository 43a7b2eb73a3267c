"""Sphinx configuration of the myofatigue documentation site (docs/architecture.md, "The
documentation site", says why Sphinx + MyST).

Build it with ``bash scripts/build_docs.sh`` (warnings are errors; the notebooks in
examples/notebooks/ are executed). The pages are the Markdown files of docs/ themselves: the
toctrees pick up docs/models/*.md, docs/interventions/*.md and examples/notebooks/*.ipynb by glob,
so a new page or notebook needs no edit here.
"""

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

project = "myofatigue"
author = "the myofatigue developers"
copyright = "the myofatigue developers"
try:
    import myofatigue

    release = version = myofatigue.__version__
except ImportError as e:  # the API pages need the installed package: say so, do not guess
    raise SystemExit(f"conf.py: import myofatigue failed ({e}); pip install '.[docs]' first")

extensions = [
    "myst_nb",  # Markdown (MyST) pages and executed notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",  # the docstrings are Google style (Args:, Returns:, Raises:)
    "sphinx.ext.mathjax",
    "sphinxcontrib.bibtex",
]
if os.environ.get("MYOFATIGUE_DOCS_DOXYGEN_XML"):  # C++ reference from the header comments
    extensions.append("breathe")
    breathe_projects = {"myofatigue": os.environ["MYOFATIGUE_DOCS_DOXYGEN_XML"]}
    breathe_default_project = "myofatigue"
    breathe_default_members = ("members",)
    tags.add("cpp_api")  # noqa: F821 (Sphinx provides `tags`)

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "validation/*.py", "**/.ipynb_checkpoints", "README.md"]
suppress_warnings = []

# MyST: $...$ and $$...$$ math, ```{math}``` blocks, anchors for headings (links like
# solvers.md#events).
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# Notebooks (examples/notebooks, linked as docs/notebooks): executed on every build; a cell that
# raises fails the build and prints its traceback.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True

# API reference from the docstrings of the installed package.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "undoc-members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" as fields, not as a second description of each member
# OdeResult (a dict) lists its keys in two sections of its own.
napoleon_custom_sections = [("Fields", "params_style"), ("Extra fields", "params_style")]

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"

html_theme = "furo"
html_title = f"myofatigue {release}"
html_static_path = []


# ---------------------------------------------------------------------------------------------
# Local extensions.

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging as sphinx_logging

_log = sphinx_logging.getLogger("myofatigue.docs")


class ExampleSources(Directive):
    """``{example-sources} examples/python/*.py``: every file matching the glob (relative to the
    repository root), under its name, as a code block. New examples appear without an edit."""

    required_arguments = 1

    def run(self):
        files = sorted(ROOT.glob(self.arguments[0]))
        if not files:
            raise self.error(f"example-sources: no file matches {self.arguments[0]}")
        env = self.state.document.settings.env
        out = []
        for f in files:
            env.note_dependency(str(f))
            code = f.read_text()
            block = nodes.literal_block(code, code)
            block["language"] = "cpp" if f.suffix in (".cpp", ".hpp") else "python"
            out += [nodes.rubric(text=f.relative_to(ROOT).as_posix()), block]
        return out


def _check_api_complete(app, env):
    """Every public name of myofatigue (its __all__) must be documented in docs/api/python.rst:
    a name added to the package without a reference entry fails the build (warnings are errors)."""
    import myofatigue as mf

    documented = set(env.get_domain("py").objects)
    documented |= {name for name in env.get_domain("py").modules}
    for name in mf.__all__:
        if name.startswith("_"):
            continue
        if f"myofatigue.{name}" not in documented:
            _log.warning(
                f"myofatigue.{name} is public (in myofatigue.__all__) but has no entry in "
                "docs/api/python.rst: add an autofunction/autoclass/automodule line"
            )


def setup(app):
    app.add_directive("example-sources", ExampleSources)
    app.connect("env-check-consistency", _check_api_complete)
