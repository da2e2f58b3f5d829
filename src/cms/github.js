// hamkor's content on GitHub, as Decap CMS expects it: the `hamkor-github` backend.
//
// Decap's i18n names every language's file `<path>.<lang>.md`, the default language included,
// and a folder collection names each entry one way. hamkor names the default language's file
// `x.md` and a translation `x.ru.md`, and an entry is one file `content/partners/x.md` or a
// bundle `content/partners/x/index.md` with its images beside it. This backend is Decap's own
// GitHub backend with the paths mapped between the two, as `hamkor serve` maps them
// (src/cms/paths.rs has the table):
//
//   partner, visit, program   content/<section>/<stem>/index.<lang>.md  <->  ...<stem>/index[.<lang>].md
//                             when the bundle's index.md exists, else content/<section>/<stem>[.<lang>].md
//   plain page, intro, home   content/[<section>/]<name>.<lang>.md      <->  content/[<section>/]<name>[.<lang>].md
//   anything else             the same path
//
// `[.<lang>]` is absent for the default language. A save that uploads an image for an entry
// kept as one file turns it into a bundle first: a commit that moves every language's file
// unchanged, so git sees renames and keeps the history, then the save's own commit.
(function () {
  "use strict";
  var CMS = window.CMS;
  var github = CMS.getBackend("github");

  function HamkorGitHub(config, options) {
    var inner = github.init(config, options);
    var i18n = config.i18n || {};
    var site = {
      languages: i18n.locales || [],
      main: i18n.default_locale || (i18n.locales || [])[0],
      // The folders of partners, visits and programs: their entries are `{{slug}}/index`.
      records: (config.collections || [])
        .filter(function (c) { return c.folder && /\/index$/.test(c.path || ""); })
        .map(function (c) { return c.folder.replace(/\/+$/, ""); }),
      pages: (config.collections || [])
        .filter(function (c) { return c.folder && !/\/index$/.test(c.path || ""); })
        .map(function (c) { return c.folder.replace(/\/+$/, ""); }),
    };
    var authenticate = inner.authenticate.bind(inner);
    inner.authenticate = function (state) {
      return authenticate(state).then(function (user) {
        mapPaths(inner.api, site);
        return user;
      });
    };
    return inner;
  }

  // `<stem>.<lang>.md` or `<stem>.md` as [stem, lang], or null.
  function splitName(site, name) {
    var m = /^([^.]+)(?:\.([^.]+))?\.md$/.exec(name);
    if (!m) return null;
    var lang = m[2] === undefined ? site.main : m[2];
    return site.languages.indexOf(lang) < 0 ? null : [m[1], lang];
  }

  function dirOf(path) {
    var i = path.lastIndexOf("/");
    return i < 0 ? "" : path.slice(0, i);
  }

  // The path Decap sees for a real Markdown file of a collection's folder, or null for one it
  // should not list there (a section's `_index`, a name that maps no single way).
  function virtualOf(site, path) {
    var dir = dirOf(path);
    var name = path.slice(dir.length + 1);
    if (site.records.indexOf(dir) >= 0) {
      var split = splitName(site, name);
      if (!split || split[0].charAt(0) === "_") return null;
      return dir + "/" + split[0] + "/index." + split[1] + ".md";
    }
    var up = dirOf(dir);
    if (site.records.indexOf(up) >= 0) {
      var inBundle = splitName(site, name);
      if (!inBundle || inBundle[0] !== "index") return null;
      return dir + "/index." + inBundle[1] + ".md";
    }
    var page = splitName(site, name);
    if (!page || page[0].charAt(0) === "_") return null;
    return dir + "/" + page[0] + "." + page[1] + ".md";
  }

  // What a virtual path names: a record's file {folder, stem, lang}, another entry's file
  // {real}, or null for anything else (its real path is the same).
  function parseVirtual(site, path) {
    var m = /^(.*)\/([^/]+)\/index\.([^./]+)\.md$/.exec(path);
    if (m && site.records.indexOf(m[1]) >= 0 && site.languages.indexOf(m[3]) >= 0) {
      return { folder: m[1], stem: m[2], lang: m[3] };
    }
    var p = /^(.*)\.([^./]+)\.md$/.exec(path);
    if (p && site.languages.indexOf(p[2]) >= 0) {
      return { real: p[2] === site.main ? p[1] + ".md" : path };
    }
    return null;
  }

  function recordPath(site, r, bundle) {
    var suffix = r.lang === site.main ? "" : "." + r.lang;
    return bundle
      ? r.folder + "/" + r.stem + "/index" + suffix + ".md"
      : r.folder + "/" + r.stem + suffix + ".md";
  }

  function mapPaths(api, site) {
    var raw = {
      listFiles: api.listFiles.bind(api),
      readFile: api.readFile.bind(api),
      readFileMetadata: api.readFileMetadata.bind(api),
      persistFiles: api.persistFiles.bind(api),
      deleteFiles: api.deleteFiles.bind(api),
    };
    // Whether `<folder>/<stem>` is a bundle, as last seen in the repository.
    var bundles = {};

    function isBundle(r) {
      var key = r.folder + "/" + r.stem;
      if (key in bundles) return Promise.resolve(bundles[key]);
      return raw.listFiles(key, { depth: 1 }).then(function (files) {
        bundles[key] = files.some(function (f) { return /^index(\.[^./]+)?\.md$/.test(f.name); });
        return bundles[key];
      });
    }

    function real(path) {
      var v = parseVirtual(site, path);
      if (!v) return Promise.resolve(path);
      if (v.real) return Promise.resolve(v.real);
      return isBundle(v).then(function (bundle) { return recordPath(site, v, bundle); });
    }

    api.listFiles = function (path, opts) {
      var folder = path.replace(/^\/+|\/+$/g, "");
      var isCollection = site.records.indexOf(folder) >= 0 || site.pages.indexOf(folder) >= 0;
      if (!isCollection) {
        // A media folder or an entry's bundle: its images, not its Markdown.
        return raw.listFiles(path, opts).then(function (files) {
          return files.filter(function (f) { return !/\.md$/.test(f.path); });
        });
      }
      var record = site.records.indexOf(folder) >= 0;
      var depth = Math.max((opts && opts.depth) || 1, record ? 2 : 1);
      return raw.listFiles(path, Object.assign({}, opts, { depth: depth })).then(function (files) {
        var out = [];
        files.forEach(function (f) {
          if (record) {
            var rest = f.path.slice(folder.length + 1).split("/");
            if (rest.length === 2 && /^index(\.[^./]+)?\.md$/.test(rest[1])) {
              bundles[folder + "/" + rest[0]] = true;
            }
          }
          if (!/\.md$/.test(f.path)) return;
          var v = virtualOf(site, f.path);
          if (v) out.push(Object.assign({}, f, { path: v, name: v.slice(v.lastIndexOf("/") + 1) }));
        });
        if (record) {
          out.forEach(function (f) {
            var key = dirOf(f.path);
            if (!(key in bundles)) bundles[key] = false;
          });
        }
        return out;
      });
    };

    api.readFile = function (path, sha, opts) {
      return real(path).then(function (p) { return raw.readFile(p, sha, opts); });
    };

    api.readFileMetadata = function (path, sha) {
      return real(path).then(function (p) { return raw.readFileMetadata(p, sha); });
    };

    // Moves a one-file record's files into its bundle folder, in a commit of their own with
    // the same contents, so that git sees renames however much the save then changes.
    function intoBundle(r) {
      return raw.listFiles(r.folder, { depth: 1 }).then(function (files) {
        var tree = [];
        files.forEach(function (f) {
          var split = splitName(site, f.name);
          if (!split || split[0] !== r.stem) return;
          tree.push({ path: f.path, sha: null });
          tree.push({ path: recordPath(site, { folder: r.folder, stem: r.stem, lang: split[1] }, true), sha: f.id });
        });
        bundles[r.folder + "/" + r.stem] = true;
        if (!tree.length) return null;
        return api.getDefaultBranch()
          .then(function (branch) { return api.updateTree(branch.commit.sha, tree); })
          .then(function (changed) {
            return api.commit("Move " + r.folder + "/" + r.stem + " into a folder of its own, for its images", changed);
          })
          .then(function (commit) { return api.patchBranch(api.branch, commit.sha); });
      });
    }

    // Whether the file Decap wrote for a language is a translation: Decap writes one for every
    // language with any data (a field copied from the default language is enough), blank for
    // a language nobody wrote in. As `hamkor serve` does, one without a title is not written.
    function translated(f) {
      var v = parseVirtual(site, f.path);
      var lang = v && (v.lang || (/\.([^./]+)\.md$/.exec(f.path) || [])[1]);
      if (!lang || lang === site.main) return true;
      var front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(f.raw || "");
      var title = front && /^title:[ \t]*(.*)$/m.exec(front[1]);
      return !!title && !/^(|''|""|~|null)$/.test(title[1].trim());
    }

    api.persistFiles = function (dataFiles, mediaFiles, options) {
      dataFiles = dataFiles.filter(translated);
      if (dataFiles.some(function (f) { return f.newPath; })) {
        return Promise.reject(new Error("Renaming an entry is done in the repository, not here."));
      }
      var records = {};
      dataFiles.forEach(function (f) {
        var v = parseVirtual(site, f.path);
        if (v && !v.real) records[v.folder + "/" + v.stem] = v;
      });
      var keys = Object.keys(records);
      return Promise.all(keys.map(function (key) { return isBundle(records[key]); }))
        .then(function (already) {
          // An image saved beside a record's text needs the record's folder.
          var moves = keys.filter(function (key, i) {
            return !already[i] && mediaFiles.some(function (m) {
              return m.path.replace(/^\/+/, "").indexOf(key + "/") === 0;
            });
          });
          return moves.reduce(function (done, key) {
            return done.then(function () { return intoBundle(records[key]); });
          }, Promise.resolve());
        })
        .then(function () { return Promise.all(dataFiles.map(function (f) { return real(f.path); })); })
        .then(function (paths) {
          var files = dataFiles.map(function (f, i) { return Object.assign({}, f, { path: paths[i] }); });
          return raw.persistFiles(files, mediaFiles, options);
        });
    };

    api.deleteFiles = function (paths, message) {
      return Promise.all(paths.map(real)).then(function (files) {
        return raw.deleteFiles(files, message);
      });
    };
  }

  CMS.registerBackend("hamkor-github", HamkorGitHub);
  CMS.init();
})();
