"""Static files in production: whitenoise's compressed manifest storage (every file gets a
content-hashed name, served with a far-future immutable Cache-Control), with the ES module
imports inside our scripts rewritten to the hashed names too. Without that, `console.<hash>.js`
would still import `./live-client.js` by its plain name, which is cached only briefly and
could pair a new page script with an old module (or the reverse) after a deploy."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
