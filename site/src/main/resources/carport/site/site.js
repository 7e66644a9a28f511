/* carport site: renders an export's data files (data/*.js, loaded as scripts so the page works from
 * file://). Record text is untrusted: every string goes into the page through textContent or a checked
 * attribute, never as HTML; links are http(s) only. No dependencies. */
(function () {
  'use strict';

  var PAGE = 25;          // posts per page: the DOM stays small whatever the account's size
  var REC_PAGE = 100;     // records per page of other collections
  var cache = Object.create(null);
  var waiting = Object.create(null);
  var enc = new TextEncoder();
  var dec = new TextDecoder();
  var P;                  // data/profile.js
  var offsets = [];       // index of the first post of each chunk
  var firstRender = true;

  window.carport = Object.freeze({
    data: function (name, value) {
      cache[name] = value;
      var w = waiting[name];
      delete waiting[name];
      if (w) { w.forEach(function (f) { f[0](value); }); }
    }
  });

  /** Loads data/NAME.js once; resolves with what it passes to carport.data. */
  function load(name) {
    if (name in cache) { return Promise.resolve(cache[name]); }
    return new Promise(function (resolve, reject) {
      if (waiting[name]) { waiting[name].push([resolve, reject]); return; }
      waiting[name] = [[resolve, reject]];
      var s = document.createElement('script');
      s.src = 'data/' + name + '.js';
      s.onerror = function () {
        var w = waiting[name] || [];
        delete waiting[name];
        w.forEach(function (f) { f[1](new Error('could not load data/' + name + '.js')); });
      };
      document.head.appendChild(s);
    });
  }

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'text') { e.textContent = v; } else if (k === 'class') { e.className = v; } else { e.setAttribute(k, v); }
      });
    }
    (kids || []).forEach(function (c) {
      if (c !== null && c !== undefined) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); }
    });
    return e;
  }

  function str(v) { return typeof v === 'string' ? v : ''; }

  /** An http(s) URL as a string, or null for anything else (javascript:, data:, relative, garbage). */
  function safeUrl(u) {
    if (typeof u !== 'string' || u.length > 4000) { return null; }
    try {
      var url = new URL(u);
      return (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : null;
    } catch (e) { return null; }
  }

  var DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2000}$/;
  var RKEY = /^[A-Za-z0-9._:~-]{1,512}$/;
  var NSID = /^[A-Za-z0-9.-]{3,317}$/;

  function profileUrl(did) { return 'https://bsky.app/profile/' + encodeURIComponent(did); }

  /** at://did/collection/rkey parsed, or null. */
  function atUri(u) {
    if (typeof u !== 'string') { return null; }
    var m = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(u);
    if (!m || !DID.test(m[1]) || !NSID.test(m[2]) || !RKEY.test(m[3])) { return null; }
    return { did: m[1], collection: m[2], rkey: m[3] };
  }

  /** Where an at:// URI can be seen on bsky.app, or null. */
  function bskyUrl(u) {
    var a = atUri(u);
    if (!a) { return null; }
    var base = profileUrl(a.did);
    if (a.collection === 'app.bsky.feed.post') { return base + '/post/' + encodeURIComponent(a.rkey); }
    if (a.collection === 'app.bsky.graph.list') { return base + '/lists/' + encodeURIComponent(a.rkey); }
    if (a.collection === 'app.bsky.feed.generator') { return base + '/feed/' + encodeURIComponent(a.rkey); }
    if (a.collection === 'app.bsky.graph.starterpack') { return base + '/starter-pack/' + encodeURIComponent(a.rkey); }
    return base;
  }

  function outLink(href, text) {
    return el('a', { href: href, rel: 'noopener noreferrer', text: text });
  }

  function blobUrl(ref) {
    if (!ref || typeof ref !== 'object') { return null; }
    var cid = ref.ref && typeof ref.ref === 'object' ? ref.ref.$link : ref.cid;
    if (typeof cid !== 'string' || !/^[a-z0-9]{8,200}$/.test(cid)) { return null; }
    if (P.missing[cid]) { return null; }
    return P.blobBase + cid;
  }

  function when(iso) {
    var d = new Date(typeof iso === 'string' ? iso : NaN);
    if (isNaN(d.getTime())) { return null; }
    return d;
  }

  function timeEl(iso) {
    var d = when(iso);
    if (!d) { return el('span', { text: 'undated' }); }
    return el('time', { datetime: d.toISOString(),
      text: d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) });
  }

  // ------------------------------------------------------------------ rich text (facets)

  /** Is byte index i at the start of a UTF-8 character (or the end of the text)? */
  function boundary(bytes, i) { return i === bytes.length || (bytes[i] & 0xC0) !== 0x80; }

  function featureLink(features) {
    if (!Array.isArray(features)) { return null; }
    for (var i = 0; i < features.length; i++) {
      var f = features[i];
      if (!f || typeof f !== 'object') { continue; }
      var t = f.$type;
      if (t === 'app.bsky.richtext.facet#link') {
        var u = safeUrl(f.uri);
        if (u) { return { href: u, kind: 'link' }; }
      } else if (t === 'app.bsky.richtext.facet#mention') {
        if (typeof f.did === 'string' && DID.test(f.did)) { return { href: profileUrl(f.did), kind: 'mention' }; }
      } else if (t === 'app.bsky.richtext.facet#tag') {
        if (typeof f.tag === 'string' && f.tag.length > 0 && f.tag.length <= 640) {
          return { href: 'https://bsky.app/hashtag/' + encodeURIComponent(f.tag), kind: 'tag' };
        }
      }
    }
    return null;
  }

  /**
   * The text with its facets as links. Facet offsets are UTF-8 byte offsets; a facet that is out of range,
   * not on character boundaries, empty, overlapping an earlier one or without a usable feature is ignored
   * and its text shown plainly.
   */
  function richText(text, facets) {
    var frag = document.createDocumentFragment();
    if (typeof text !== 'string' || text === '') { return frag; }
    if (!Array.isArray(facets) || facets.length === 0) { frag.appendChild(document.createTextNode(text)); return frag; }
    var bytes = enc.encode(text);
    var spans = [];
    facets.forEach(function (f) {
      var idx = f && f.index;
      if (!idx || typeof idx !== 'object') { return; }
      var s = idx.byteStart, e = idx.byteEnd;
      if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > bytes.length || s >= e) { return; }
      if (!boundary(bytes, s) || !boundary(bytes, e)) { return; }
      var link = featureLink(f.features);
      if (link) { spans.push({ s: s, e: e, link: link }); }
    });
    spans.sort(function (a, b) { return a.s - b.s || a.e - b.e; });
    var pos = 0;
    spans.forEach(function (sp) {
      if (sp.s < pos) { return; }
      if (sp.s > pos) { frag.appendChild(document.createTextNode(dec.decode(bytes.subarray(pos, sp.s)))); }
      var a = outLink(sp.link.href, dec.decode(bytes.subarray(sp.s, sp.e)));
      a.className = 'facet ' + sp.link.kind;
      frag.appendChild(a);
      pos = sp.e;
    });
    if (pos < bytes.length) { frag.appendChild(document.createTextNode(dec.decode(bytes.subarray(pos)))); }
    return frag;
  }

  // ------------------------------------------------------------------ posts

  function displayName() {
    var p = P.profile || {};
    return str(p.displayName).trim() || P.handle || P.did;
  }

  function postHref(chunk, rkey) { return '#/post/' + encodeURIComponent(chunk) + '/' + encodeURIComponent(rkey); }

  function images(list) {
    var items = Array.isArray(list) ? list.slice(0, 4) : [];
    var box = el('div', { class: 'images n' + items.length });
    items.forEach(function (im, i) {
      im = im && typeof im === 'object' ? im : {};
      var alt = str(im.alt);
      var label = alt || 'Image ' + (i + 1) + ' (no description)';
      var src = blobUrl(im.image);
      var fig = el('figure');
      if (!src) {
        fig.appendChild(el('div', { class: 'missing', role: 'img', 'aria-label': label,
          text: 'Image not in the export' + (alt ? ': ' + alt : '') }));
      } else {
        var img = el('img', { src: src, alt: label, loading: 'lazy', decoding: 'async' });
        var ar = im.aspectRatio;
        if (ar && Number.isInteger(ar.width) && Number.isInteger(ar.height) && ar.width > 0 && ar.height > 0) {
          img.width = Math.min(ar.width, 2000);
          img.height = Math.round(img.width * ar.height / ar.width);
          img.style.aspectRatio = ar.width + ' / ' + ar.height;
        }
        fig.appendChild(img);
        if (alt) {
          fig.appendChild(el('details', { class: 'alt' }, [el('summary', { text: 'ALT', title: 'Show the description' }),
            el('p', { text: alt })]));
        }
      }
      box.appendChild(fig);
    });
    return box;
  }

  function video(v) {
    v = v && typeof v === 'object' ? v : {};
    var alt = str(v.alt) || 'Video (no description)';
    var src = blobUrl(v.video);
    if (!src) { return el('div', { class: 'missing', role: 'img', 'aria-label': alt, text: 'Video not in the export: ' + alt }); }
    var type = v.video && typeof v.video.mimeType === 'string' ? v.video.mimeType : '';
    var box = el('div', { class: 'video' });
    var vid = el('video', { controls: '', preload: 'metadata', 'aria-label': alt, playsinline: '' });
    var ar = v.aspectRatio;
    if (ar && Number.isInteger(ar.width) && Number.isInteger(ar.height) && ar.width > 0 && ar.height > 0) {
      vid.style.aspectRatio = ar.width + ' / ' + ar.height;
    }
    if (type && vid.canPlayType(type) === '') {
      box.appendChild(el('div', { class: 'missing', text: 'This browser cannot play this video (' + type + '). ' + alt }));
      box.appendChild(el('a', { href: src, download: '', text: 'Save the video file' }));
      return box;
    }
    vid.src = src;
    box.appendChild(vid);
    return box;
  }

  function external(x) {
    x = x && typeof x === 'object' ? x : {};
    var href = safeUrl(x.uri);
    var title = str(x.title) || str(x.uri);
    var kids = [];
    var thumb = blobUrl(x.thumb);
    if (thumb) { kids.push(el('img', { src: thumb, alt: 'Preview image: ' + title, loading: 'lazy' })); }
    var host = '';
    try { host = href ? new URL(href).host : ''; } catch (e) { host = ''; }
    kids.push(el('div', null, [el('strong', { text: title }), el('span', { text: str(x.description) }), el('span', { text: host })]));
    return el(href ? 'a' : 'div', { class: 'card', href: href, rel: href ? 'noopener noreferrer' : null }, kids);
  }

  function quote(ref, post, depth) {
    var uri = ref && typeof ref === 'object' ? ref.uri : null;
    var a = atUri(uri);
    var box = el('div', { class: 'quote' });
    if (a && a.did === P.did && a.collection === 'app.bsky.feed.post' && post.w && post.w[a.rkey] && depth < 2) {
      var chunk = post.w[a.rkey];
      box.appendChild(el('p', { class: 'note', text: 'Loading quoted post…' }));
      load('p/' + chunk).then(function (list) {
        var q = find(list, a.rkey);
        box.textContent = '';
        box.appendChild(q ? renderPost(q, chunk, { depth: depth + 1 }) : el('p', { class: 'note', text: 'Quoted post not found' }));
      }, function () { box.textContent = 'Quoted post could not be loaded'; });
      return box;
    }
    var href = bskyUrl(uri);
    var what = a && a.collection === 'app.bsky.feed.post' ? 'Quoted post' : 'Quoted record';
    var kids = [el('span', { class: 'ctx', text: what + (a && a.did === P.did ? ' (no longer in this account)' : ' by someone else') + ': ' })];
    kids.push(href ? outLink(href, 'view on bsky.app') : el('span', { text: str(uri) || 'unknown' }));
    box.appendChild(el('p', { class: 'ctx' }, kids));
    return box;
  }

  function embed(e, post, depth) {
    if (!e || typeof e !== 'object') { return null; }
    switch (e.$type) {
      case 'app.bsky.embed.images': return images(e.images);
      case 'app.bsky.embed.video': return video(e);
      case 'app.bsky.embed.external': return external(e.external);
      case 'app.bsky.embed.record': return quote(e.record, post, depth);
      case 'app.bsky.embed.recordWithMedia': {
        var f = document.createDocumentFragment();
        var m = embed(e.media, post, depth);
        if (m) { f.appendChild(m); }
        var inner = e.record && typeof e.record === 'object' ? e.record.record : null;
        f.appendChild(quote(inner, post, depth));
        return f;
      }
      default: return null;
    }
  }

  function find(list, rkey) {
    for (var i = 0; i < list.length; i++) { if (list[i].k === rkey) { return list[i]; } }
    return null;
  }

  function replyContext(r, post) {
    var reply = r.reply;
    if (!reply || typeof reply !== 'object') { return null; }
    var parent = reply.parent && typeof reply.parent === 'object' ? reply.parent.uri : null;
    var a = atUri(parent);
    if (a && a.did === P.did && post.w && post.w[a.rkey]) {
      return el('p', { class: 'ctx' }, ['Reply to ', el('a', { href: postHref(post.w[a.rkey], a.rkey), text: 'an earlier post' })]);
    }
    var href = bskyUrl(parent);
    return el('p', { class: 'ctx' }, ['Reply to ', href ? outLink(href, a && a.did === P.did
      ? 'a post no longer in this account' : 'a post by someone else (bsky.app)') : 'a post not in this export']);
  }

  /** One post as an <article>. opts: depth (quotes), focus (thread's main post). */
  function renderPost(post, chunk, opts) {
    opts = opts || {};
    var r = post.r && typeof post.r === 'object' ? post.r : {};
    var art = el('article', { class: 'post' + (opts.focus ? ' focus' : ''), 'data-rkey': post.k });
    var head = el('div', { class: 'head' }, [
      el('span', { class: 'name', text: displayName() }),
      el('span', { class: 'handle', text: P.handle ? '@' + P.handle : P.did }),
      el('a', { class: 'when', href: postHref(chunk, post.k), title: 'Open the thread' }, [timeEl(r.createdAt)])
    ]);
    art.appendChild(head);
    var ctx = replyContext(r, post);
    if (ctx) { art.appendChild(ctx); }
    var text = str(r.text);
    if (text) {
      var p = el('p', { class: 'text' });
      if (Array.isArray(r.langs) && typeof r.langs[0] === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(r.langs[0])) {
        p.setAttribute('lang', r.langs[0]);
      }
      p.appendChild(richText(text, r.facets));
      art.appendChild(p);
    }
    var em = embed(r.embed, post, opts.depth || 0);
    if (em) { art.appendChild(em); }
    if (!opts.depth) {
      var acts = el('div', { class: 'actions' });
      var n = Array.isArray(post.n) ? post.n.length : 0;
      acts.appendChild(el('a', { href: postHref(chunk, post.k), text: n ? 'Thread · ' + n + (n === 1 ? ' reply' : ' replies') : 'Thread' }));
      acts.appendChild(outLink(profileUrl(P.did) + '/post/' + encodeURIComponent(post.k), 'bsky.app'));
      art.appendChild(acts);
    }
    return art;
  }

  // ------------------------------------------------------------------ views

  var main = function () { return document.getElementById('main'); };

  function show(title, nodes, compact) {
    document.body.classList.toggle('compact', !!compact);
    var m = main();
    m.textContent = '';
    nodes.forEach(function (n) { if (n) { m.appendChild(n); } });
    document.title = title + ' · ' + displayName();
    if (!firstRender) { m.focus({ preventScroll: true }); window.scrollTo(0, 0); }
    firstRender = false;
  }

  function markSection(key) {
    document.querySelectorAll('#sections a').forEach(function (a) {
      if (a.getAttribute('data-key') === key) { a.setAttribute('aria-current', 'page'); } else { a.removeAttribute('aria-current'); }
    });
  }

  function totalPosts() { return offsets.length ? offsets[offsets.length - 1] : 0; }

  /** Posts [from, to) in newest-first order, each with its chunk. */
  function postsRange(from, to) {
    var need = [];
    for (var i = 0; i < P.chunks.length; i++) {
      if (offsets[i] < to && offsets[i + 1] > from) { need.push(i); }
    }
    return Promise.all(need.map(function (i) { return load('p/' + P.chunks[i].id); })).then(function (lists) {
      var out = [];
      lists.forEach(function (list, j) {
        var i = need[j];
        list.forEach(function (post, k) {
          var at = offsets[i] + k;
          if (at >= from && at < to) { out.push({ post: post, chunk: P.chunks[i].id }); }
        });
      });
      return out;
    });
  }

  function monthName(m) {
    var d = new Date(m + '-01T00:00:00Z');
    return isNaN(d.getTime()) ? m : d.toLocaleString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }

  function archiveNav(currentMonth) {
    var years = [];
    var byYear = {};
    var seen = {};
    P.chunks.forEach(function (c, i) {
      if (seen[c.month]) { return; }
      seen[c.month] = true;
      var y = c.month.slice(0, 4);
      if (!byYear[y]) { byYear[y] = []; years.push(y); }
      byYear[y].push({ month: c.month, at: offsets[i] });
    });
    var dl = el('dl');
    years.forEach(function (y) {
      dl.appendChild(el('dt', { text: y }));
      var dd = el('dd');
      byYear[y].forEach(function (m) {
        var label = new Date(m.month + '-01T00:00:00Z').toLocaleString(undefined, { month: 'short', timeZone: 'UTC' });
        dd.appendChild(el('a', { href: '#/posts/' + m.at, 'aria-label': monthName(m.month), 'data-month': m.month,
          'aria-current': m.month === currentMonth ? 'true' : null, text: label }));
      });
      dl.appendChild(dd);
    });
    return el('details', { class: 'archive' }, [el('summary', { text: 'Months (' + years.length + (years.length === 1 ? ' year)' : ' years)') }), dl]);
  }

  function pager(from, total, base, size) {
    var nav = el('nav', { class: 'pager', 'aria-label': 'Pages' });
    nav.appendChild(from > 0 ? el('a', { class: 'button', rel: 'prev', href: base + Math.max(0, from - size), text: '← Newer' }) : el('span'));
    nav.appendChild(el('span', { class: 'where', text: (total ? (from + 1) + '–' + Math.min(total, from + size) + ' of ' + total : 'none') }));
    nav.appendChild(from + size < total ? el('a', { class: 'button', rel: 'next', href: base + (from + size), text: 'Older →' }) : el('span'));
    return nav;
  }

  function postsView(from) {
    markSection('posts');
    var total = totalPosts();
    if (!(from >= 0) || from >= Math.max(total, 1)) { from = 0; }
    return postsRange(from, from + PAGE).then(function (items) {
      var month = items.length ? P.chunks.filter(function (c) { return c.id === items[0].chunk; })[0].month : null;
      var ol = el('ol', { class: 'posts' });
      items.forEach(function (it) { ol.appendChild(el('li', null, [renderPost(it.post, it.chunk)])); });
      show(month ? monthName(month) : 'Posts', [
        total ? archiveNav(month) : null,
        el('h2', { text: total ? 'Posts' + (month ? ' · ' + monthName(month) : '') : 'No posts' }),
        pager(from, total, '#/posts/', PAGE), ol, total > PAGE ? pager(from, total, '#/posts/', PAGE) : null]);
    });
  }

  function threadView(chunk, rkey) {
    markSection('posts');
    return load('p/' + chunk).then(function (list) {
      var post = find(list, rkey);
      if (!post) { show('Not found', [el('p', { class: 'note', text: 'This post is not in the export.' })]); return; }
      var ancestors = [];
      function up(p, n) {
        var parent = p.r && p.r.reply && p.r.reply.parent ? atUri(p.r.reply.parent.uri) : null;
        if (!parent || parent.did !== P.did || !p.w || !p.w[parent.rkey] || n > 50) { return Promise.resolve(); }
        var c = p.w[parent.rkey];
        return load('p/' + c).then(function (l) {
          var q = find(l, parent.rkey);
          if (!q) { return; }
          ancestors.unshift({ post: q, chunk: c });
          return up(q, n + 1);
        });
      }
      var budget = { n: 300 };
      function down(p, depth) {
        var ks = Array.isArray(p.n) ? p.n : [];
        if (depth > 12 || !ks.length) { return Promise.resolve([]); }
        return Promise.all(ks.slice(0, budget.n).map(function (k) {
          budget.n--;
          var c = p.w && p.w[k];
          if (!c) { return null; }
          return load('p/' + c).then(function (l) {
            var q = find(l, k);
            if (!q) { return null; }
            return down(q, depth + 1).then(function (kids) { return { post: q, chunk: c, kids: kids }; });
          });
        })).then(function (xs) { return xs.filter(Boolean); });
      }
      var root = post.r && post.r.reply && post.r.reply.root ? post.r.reply.root.uri : null;
      var rootA = atUri(root);
      var rootPost = null;
      function top() {
        // the chain of parents may stop short of the thread's first post (a parent deleted, or not a reply):
        // then the first post is shown above a gap
        var first = ancestors.length ? ancestors[0].post : post;
        if (!rootA || first.k === rootA.rkey || rootA.did !== P.did || !post.w || !post.w[rootA.rkey]) {
          return Promise.resolve();
        }
        var c = post.w[rootA.rkey];
        return load('p/' + c).then(function (l) { var q = find(l, rootA.rkey); if (q) { rootPost = { post: q, chunk: c }; } });
      }
      return Promise.all([up(post, 0).then(top), down(post, 0)]).then(function (res) {
        var replies = res[1];
        var ol = el('ol', { class: 'thread' });
        var first = ancestors.length ? ancestors[0].post : post;
        if (rootPost) {
          ol.appendChild(el('li', null, [renderPost(rootPost.post, rootPost.chunk)]));
          ol.appendChild(el('li', { class: 'gap' }, [el('p', { class: 'note', text: '⋯' })]));
        } else if (rootA && first.k !== rootA.rkey && !(rootA.did === P.did && post.w && post.w[rootA.rkey])) {
          var href = bskyUrl(root);
          ol.appendChild(el('li', null, [el('p', { class: 'ctx note' }, ['The thread starts with a post not in this export: ',
            href ? outLink(href, 'view it on bsky.app') : str(root)])]));
        }
        ancestors.forEach(function (a) { ol.appendChild(el('li', null, [renderPost(a.post, a.chunk)])); });
        ol.appendChild(el('li', { 'aria-current': 'true' }, [renderPost(post, chunk, { focus: true })]));
        function tree(nodes) {
          var l = el('ol', { class: 'replies' });
          nodes.forEach(function (n) {
            var li = el('li', null, [renderPost(n.post, n.chunk)]);
            if (n.kids.length) { li.appendChild(tree(n.kids)); }
            l.appendChild(li);
          });
          return l;
        }
        var nodes = [el('h2', { text: 'Thread' }), ol];
        if (replies.length) { nodes.push(el('h2', { text: 'Replies from this account' })); nodes.push(tree(replies)); }
        show('Thread', nodes, true);
        var f = main().querySelector('.post.focus');
        if (f && ancestors.length) { f.scrollIntoView({ block: 'start' }); }
      });
    });
  }

  var LABELS = {
    'app.bsky.feed.post': 'Posts', 'app.bsky.feed.like': 'Likes', 'app.bsky.feed.repost': 'Reposts',
    'app.bsky.graph.follow': 'Follows', 'app.bsky.graph.block': 'Blocks', 'app.bsky.graph.list': 'Lists',
    'app.bsky.graph.listitem': 'List members', 'app.bsky.actor.profile': 'Profile record',
    'app.bsky.feed.threadgate': 'Thread gates', 'app.bsky.feed.postgate': 'Post gates',
    'app.bsky.graph.starterpack': 'Starter packs', 'app.bsky.feed.generator': 'Feeds',
    'app.bsky.graph.listblock': 'Blocked lists', 'chat.bsky.actor.declaration': 'Chat settings'
  };

  function subjectLink(uri, fallback) {
    var href = bskyUrl(uri);
    return href ? outLink(href, fallback || str(uri)) : el('span', { text: str(uri) || 'unknown subject' });
  }

  function didLink(did) {
    return typeof did === 'string' && DID.test(did) ? outLink(profileUrl(did), did) : el('span', { text: str(did) || 'unknown account' });
  }

  function recordItem(nsid, rkey, r) {
    r = r && typeof r === 'object' ? r : {};
    var li = el('li');
    var subj = r.subject;
    switch (nsid) {
      case 'app.bsky.feed.like':
        li.appendChild(el('span', null, ['Liked ', subjectLink(subj && subj.uri, 'a post')]));
        break;
      case 'app.bsky.feed.repost':
        li.appendChild(el('span', null, ['Reposted ', subjectLink(subj && subj.uri, 'a post')]));
        break;
      case 'app.bsky.graph.follow':
        li.appendChild(el('span', null, ['Follows ', didLink(subj)]));
        break;
      case 'app.bsky.graph.block':
        li.appendChild(el('span', null, ['Blocks ', didLink(subj)]));
        break;
      case 'app.bsky.graph.listblock':
        li.appendChild(el('span', null, ['Blocks the list ', subjectLink(subj)]));
        break;
      case 'app.bsky.graph.list': {
        var href = profileUrl(P.did) + '/lists/' + encodeURIComponent(rkey);
        li.appendChild(el('strong', null, [outLink(href, str(r.name) || rkey)]));
        var purpose = str(r.purpose).replace(/^app\.bsky\.graph\.defs#/, '');
        if (purpose) { li.appendChild(el('span', { class: 'when', text: purpose })); }
        if (str(r.description)) { li.appendChild(el('p', { class: 'desc', text: r.description })); }
        break;
      }
      case 'app.bsky.graph.listitem':
        li.appendChild(el('span', null, [didLink(subj), ' in the list ', subjectLink(r.list, listName(r.list))]));
        break;
      default:
        li.appendChild(el('strong', { text: rkey }));
        li.appendChild(el('pre', { class: 'json', text: JSON.stringify(r, null, 2) }));
        return li;
    }
    li.insertBefore(el('span', { class: 'when' }, [timeEl(r.createdAt)]), li.firstChild);
    return li;
  }

  var listNames = {};
  function listName(uri) { return listNames[uri] || 'a list'; }

  function collectionView(index, from) {
    var c = P.collections[index];
    if (!c) { return postsView(0); }
    markSection('c' + index);
    var total = P.counts[c.nsid] || 0;
    if (!(from >= 0) || from >= Math.max(total, 1)) { from = 0; }
    var chunk = Math.floor(from / 1000);
    var pre = Promise.resolve();
    if (c.nsid === 'app.bsky.graph.listitem') {
      var lists = P.collections.filter(function (x) { return x.nsid === 'app.bsky.graph.list'; })[0];
      if (lists) {
        pre = load(lists.dir + '/0').then(function (l) {
          l.forEach(function (x) { if (x[1] && typeof x[1].name === 'string') { listNames['at://' + P.did + '/app.bsky.graph.list/' + x[0]] = x[1].name; } });
        });
      }
    }
    return pre.then(function () { return load(c.dir + '/' + chunk); }).then(function (list) {
      var ul = el('ul', { class: 'records' });
      var start = from - chunk * 1000;
      list.slice(start, start + REC_PAGE).forEach(function (x) { ul.appendChild(recordItem(c.nsid, x[0], x[1])); });
      var label = LABELS[c.nsid] || c.nsid;
      var base = '#/c/' + index + '/';
      show(label, [el('h2', { text: label + (LABELS[c.nsid] ? '' : ' (records as JSON)') }),
        pager(from, total, base, REC_PAGE), ul, total > REC_PAGE ? pager(from, total, base, REC_PAGE) : null], true);
    });
  }

  function searchView(q, from) {
    markSection('');
    document.getElementById('q').value = q;
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) { return postsView(0); }
    show('Search', [el('p', { class: 'note', text: 'Searching…' })]);
    return load('search').then(function (index) {
      var hits = [];
      for (var i = 0; i < index.length; i++) {
        var t = index[i][2];
        var ok = true;
        for (var j = 0; j < words.length; j++) { if (t.indexOf(words[j]) < 0) { ok = false; break; } }
        if (ok) { hits.push(index[i]); }
      }
      if (!(from >= 0) || from >= hits.length) { from = 0; }
      var page = hits.slice(from, from + PAGE);
      var chunks = [];
      page.forEach(function (h) { if (chunks.indexOf(h[0]) < 0) { chunks.push(h[0]); } });
      return Promise.all(chunks.map(function (c) { return load('p/' + c); })).then(function () {
        var ol = el('ol', { class: 'posts' });
        page.forEach(function (h) {
          var p = find(cache['p/' + h[0]], h[1]);
          if (p) { ol.appendChild(el('li', null, [renderPost(p, h[0])])); }
        });
        var base = '#/search/' + encodeURIComponent(q) + '/';
        show('Search: ' + q, [el('h2', { text: hits.length + (hits.length === 1 ? ' post' : ' posts') + ' matching “' + q + '”' }),
          hits.length > PAGE ? pager(from, hits.length, base, PAGE) : null, ol,
          hits.length > PAGE ? pager(from, hits.length, base, PAGE) : null], true);
      });
    });
  }

  function route() {
    var h = location.hash.replace(/^#\/?/, '');
    var parts = h.split('/').map(function (s) { try { return decodeURIComponent(s); } catch (e) { return ''; } });
    var done;
    if (parts[0] === 'post' && parts.length >= 3) {
      done = threadView(parts[1], parts.slice(2).join('/'));
    } else if (parts[0] === 'c') {
      done = collectionView(parseInt(parts[1], 10), parseInt(parts[2] || '0', 10));
    } else if (parts[0] === 'search') {
      done = searchView(parts[1] || '', parseInt(parts[2] || '0', 10));
    } else {
      done = postsView(parts[0] === 'posts' ? parseInt(parts[1] || '0', 10) : 0);
    }
    done.catch(function (e) {
      show('Error', [el('p', { class: 'note', text: 'Could not show this page: ' + (e && e.message ? e.message : e) })]);
    });
  }

  // ------------------------------------------------------------------ start

  function header() {
    var p = P.profile && typeof P.profile === 'object' ? P.profile : {};
    var box = document.getElementById('profile');
    var banner = blobUrl(p.banner);
    box.appendChild(banner ? el('img', { class: 'banner', src: banner, alt: 'Banner of ' + displayName() })
      : el('div', { class: 'banner empty', 'aria-hidden': 'true' }));
    var who = el('div', { class: 'who' });
    var avatar = blobUrl(p.avatar);
    who.appendChild(avatar ? el('img', { class: 'avatar', src: avatar, alt: 'Avatar of ' + displayName() })
      : el('div', { class: 'avatar empty', 'aria-hidden': 'true', text: displayName().slice(0, 1).toUpperCase() }));
    who.appendChild(el('h1', { text: displayName() }));
    who.appendChild(el('div', { class: 'handle' }, [P.handle ? '@' + P.handle + ' · ' : '', outLink(profileUrl(P.did), P.did)]));
    if (str(p.description)) { who.appendChild(el('p', { class: 'desc', text: p.description })); }
    var exported = when(P.exported);
    who.appendChild(el('p', { class: 'meta', text: 'Offline archive made by carport' +
      (exported ? ', exported ' + exported.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' }) : '') }));
    box.appendChild(who);

    var ul = el('ul');
    var posts = P.counts['app.bsky.feed.post'] || 0;
    ul.appendChild(el('li', null, [el('a', { href: '#/', 'data-key': 'posts' }, ['Posts', el('span', { class: 'n', text: String(posts) })])]));
    P.collections.forEach(function (c, i) {
      ul.appendChild(el('li', null, [el('a', { href: '#/c/' + i + '/0', 'data-key': 'c' + i },
        [LABELS[c.nsid] || c.nsid, el('span', { class: 'n', text: String(P.counts[c.nsid] || 0) })])]));
    });
    document.getElementById('sections').appendChild(ul);
    document.getElementById('foot').textContent = 'Made by carport from a verified export of ' + P.did +
      '. Everything here is read from files next to this page; nothing is loaded from the internet.';
  }

  load('profile').then(function (p) {
    P = p;
    P.missing = Object.create(null);
    (p.missingBlobs || []).forEach(function (c) { P.missing[c] = true; });
    offsets = [0];
    p.chunks.forEach(function (c) { offsets.push(offsets[offsets.length - 1] + c.n); });
    document.querySelector('.home').textContent = displayName();
    header();
    document.getElementById('search').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var q = document.getElementById('q').value.trim();
      location.hash = q ? '#/search/' + encodeURIComponent(q) : '#/';
    });
    window.addEventListener('hashchange', route);
    route();
  }, function () {
    main().textContent = 'The data files of this archive are missing (data/profile.js).';
  });
}());
