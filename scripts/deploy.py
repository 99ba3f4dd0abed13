"""The web server configurations a deployment of the built site uses, in one place: the
nginx file (:func:`nginx_conf`) and the Caddyfile (:func:`caddyfile`). The developer page
``docs/developers/deploy.md`` shows them (``scripts/site/deploy.py``) and
``tests/test_nginx.py`` runs nginx with exactly :func:`nginx_conf`'s text.

What both do, as ``scripts/serve.py`` does: send the precompressed ``name.br``/``name.gz``
written by ``scripts/compress.py`` when the browser accepts them (with the original's
type, ``Vary: Accept-Encoding``); ``.wasm`` as ``application/wasm`` and ``.mjs`` as
JavaScript; the versioned runtime (``/runtime/pyodide/<version>/``, ``/runtime/wheels/``)
as immutable, everything else ``no-cache`` (revalidated on each visit); on every response
``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``; pages with the
site's Content-Security-Policy (:func:`scripts.csp.site_header`, which adds
``frame-ancestors 'self'``) and scripts with the worker's (:data:`scripts.csp.WORKER`).
"""

from __future__ import annotations

from pathlib import Path

try:
    from scripts import csp
except ImportError:  # run from scripts/
    import csp  # type: ignore[import-not-found,no-redef]

IMMUTABLE = "public, max-age=31536000, immutable"
IMMUTABLE_PREFIXES = ("/runtime/pyodide/", "/runtime/wheels/")
"""Versioned paths: Pyodide's folder carries its version, each wheel its version or hash."""
REFERRER_POLICY = "no-referrer"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": REFERRER_POLICY}
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
"""Where Debian's ``libnginx-mod-http-brotli-static`` puts the module."""


def _policy(site: str | Path, page_policy: str | None) -> str:
    return page_policy if page_policy is not None else csp.site_header(Path(site))


def nginx_conf(
    root: str | Path,
    port: int,
    *,
    host: str | None = None,
    page_policy: str | None = None,
    brotli: bool = True,
) -> str:
    """A file for nginx's ``http`` context (Debian: ``/etc/nginx/conf.d/``): two maps and
    the server block serving the built site ``root`` on ``port`` (on ``host`` only, when
    given). ``page_policy`` defaults to the built site's own (read from ``root``);
    ``brotli=False`` leaves out ``brotli_static`` for an nginx without that module."""
    policy = _policy(root, page_policy)
    listen = f"{host}:{port}" if host else str(port)
    immutable = "|".join(p.strip("/").split("/", 1)[1] for p in IMMUTABLE_PREFIXES)
    brotli_line = (
        "    brotli_static on;       # module ngx_http_brotli_static (Debian: "
        "libnginx-mod-http-brotli-static)\n"
        if brotli
        else "    # brotli_static on;     # needs ngx_http_brotli_static; without it gzip only\n"
    )
    return f"""\
# 重庆补贴性职业培训规则手册与计算器：站点的 nginx 配置（由 scripts/deploy.py 生成）
# 放在 http 块里（Debian：/etc/nginx/conf.d/cq-calc.conf）。

map $uri $cq_cache_control {{
    ~^/runtime/({immutable})/  "{IMMUTABLE}";
    default                     "no-cache";
}}

map $sent_http_content_type $cq_csp {{
    ~^text/html                          "{policy}";
    ~^(text|application)/javascript      "{csp.WORKER}";
    default                              "";
}}

server {{
    listen {listen};
    server_name _;
    root {root};
    index index.html;
    charset utf-8;

    include /etc/nginx/mime.types;
    types {{
        text/javascript mjs;
    }}

    gzip off;               # nothing is compressed on the fly: the build wrote name.gz and name.br
    gzip_static on;
    gzip_vary on;
{brotli_line}
    add_header Cache-Control $cq_cache_control always;
    add_header Content-Security-Policy $cq_csp always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy {REFERRER_POLICY} always;

    location / {{
        try_files $uri $uri/ =404;
    }}
    error_page 404 /404.html;
}}
"""


def caddyfile(root: str | Path, port: int, *, page_policy: str | None = None) -> str:
    """The same for Caddy 2 (``precompressed`` needs Caddy ≥ 2.4; Debian 12 has 2.6.2).
    Its global options (admin endpoint, automatic HTTPS) are the user's to add above."""
    policy = _policy(root, page_policy)
    versioned = " ".join(p + "*" for p in IMMUTABLE_PREFIXES)
    return f"""\
# 重庆补贴性职业培训规则手册与计算器：站点的 Caddyfile（由 scripts/deploy.py 生成）
:{port} {{
    root * {root}
    file_server {{
        precompressed br gzip
    }}

    @versioned path {versioned}
    header @versioned Cache-Control "{IMMUTABLE}"
    @plain not path {versioned}
    header @plain Cache-Control "no-cache"

    @pages path / */ *.html
    header @pages Content-Security-Policy "{policy}"
    @scripts path *.js *.mjs
    header @scripts Content-Security-Policy "{csp.WORKER}"

    header X-Content-Type-Options nosniff
    header Referrer-Policy {REFERRER_POLICY}

    handle_errors {{
        rewrite * /404.html
        file_server {{
            precompressed br gzip
        }}
    }}
}}
"""
