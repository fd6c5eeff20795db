"""Pages belong to frontend/ (docs/architecture.md): no template outside frontend extends
its base.html or loads its template tags, and no code outside frontend names it. The import
layers themselves are checked by import-linter (pyproject.toml, `make lint`)."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
FRONTEND = BASE_DIR / "frontend"
EXTENDS_BASE = re.compile(r"""{%\s*extends\s+["']base\.html["']""")
LOAD_TAG = re.compile(r"{%\s*load\s+([^%]*?)\s*%}")


def frontend_tag_libraries() -> set[str]:
    return {path.stem for path in (FRONTEND / "templatetags").glob("*.py") if path.stem != "__init__"}


def project_apps_outside_frontend() -> list[Path]:
    paths = [Path(config.path) for config in apps.get_app_configs()]
    # Installed packages (allauth) may sit under BASE_DIR, in .venv: not the project's apps.
    return [
        path
        for path in paths
        if path.is_relative_to(BASE_DIR) and path != FRONTEND and "site-packages" not in path.parts
    ]


def template_violations(template_dirs: list[Path], tag_libraries: set[str]) -> list[str]:
    """`path: why` for each template under the given folders that leans on frontend's."""
    found = []
    for folder in template_dirs:
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if EXTENDS_BASE.search(text):
                found.append(f"{path}: extends base.html")
            loaded = {name for names in LOAD_TAG.findall(text) for name in names.split()}
            if loaded & tag_libraries:
                found.append(f"{path}: loads {', '.join(sorted(loaded & tag_libraries))}")
    return found


def naming_violations(app_dirs: list[Path]) -> list[str]:
    """Python and template files outside frontend that name it (a template path, a URL name)."""
    found = []
    for folder in app_dirs:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
                if "frontend" in path.read_text(encoding="utf-8"):
                    found.append(str(path))
    return found


def test_no_template_outside_frontend_extends_its_base_or_loads_its_tags():
    app_dirs = project_apps_outside_frontend()
    assert {path.name for path in app_dirs} >= {"accounts", "live", "streams", "halls"}
    template_dirs = [path / "templates" for path in app_dirs] + [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    assert template_violations(template_dirs, frontend_tag_libraries()) == []


def test_no_code_outside_frontend_names_it():
    assert naming_violations(project_apps_outside_frontend()) == []


def test_the_checks_find_a_violation(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    (templates / "nav.html").write_text("{% load i18n pavilion_nav %}", encoding="utf-8")
    (templates / "fine.html").write_text('{% extends "halls/email.html" %}{% load i18n %}', encoding="utf-8")
    (tmp_path / "views.py").write_text('TEMPLATE = "frontend/room.html"\n', encoding="utf-8")
    found = template_violations([templates], frontend_tag_libraries())
    assert found == [f"{templates / 'nav.html'}: loads pavilion_nav", f"{templates / 'page.html'}: extends base.html"]
    assert naming_violations([tmp_path]) == [str(tmp_path / "views.py")]
