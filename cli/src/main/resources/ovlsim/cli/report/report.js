// The step-by-step report's page: draws the recorded runs embedded above. No network: all
// it needs is in this file.
(function () {
  'use strict';
  var errors = window.ovlsimErrors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); });

  var SVG = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('ovlsim-data').textContent);
  var state = { run: 0, step: 0 };

  function svg(tag, attrs, parent, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function html(tag, attrs, parent, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function tip(parent, text) { svg('title', {}, parent, text); }

  /** What kind of step a point is. */
  function kind(point) {
    if (point.indexOf('syscall: ') === 0) { return 'call'; }
    if (point.indexOf('= ') === 0) { return 'result'; }
    if (point.indexOf('mutex_lock:') === 0) { return 'lock'; }
    if (point.indexOf('mutex_unlock:') === 0) { return 'unlock'; }
    if (point === '(start)' || point === '(end)') { return 'edge'; }
    return 'named';
  }
  /** An errno name, a kernel BUG or a crash of the model: a result drawn red. */
  function isBad(result) { return /^E[A-Z0-9]+$/.test(result) || result === 'oops' || result.indexOf('crash:') === 0; }
  function lockKey(l) { return (l.inode || l.lock) + '|' + l.lockClass; }
  function cur() { return data.runs[state.run]; }

  // ---- the timeline: a lane per task, lock bars, line spans, named points, results ----
  function layoutTimeline(r) {
    var lanes = r.tasks.map(function (name) { return { name: name, bars: [], spans: [], marks: [], rows: 1 }; });
    var byName = {};
    lanes.forEach(function (l) { byName[l.name] = l; });
    var open = {};
    r.steps.forEach(function (s, i) {
      var snap = s.snapshot;
      var seen = {};
      snap.tasks.forEach(function (t) {
        var lane = byName[t.name];
        if (!lane) { return; }
        t.locks.forEach(function (l, depth) {
          var key = t.name + '#' + lockKey(l);
          seen[key] = true;
          var b = open[key];
          if (!b) {
            b = open[key] = { lock: l.lock, cls: l.lockClass, from: i, to: i, heldFrom: l.held ? i : -1, row: depth };
            lane.bars.push(b);
            lane.rows = Math.max(lane.rows, depth + 1);
          }
          b.to = i;
          if (l.held && b.heldFrom < 0) { b.heldFrom = i; }
        });
      });
      Object.keys(open).forEach(function (k) {
        if (seen[k]) { return; }
        // released: the unlock point is the step after the last that listed it. A lock taken
        // and released with no point between shows its hold in that step's column.
        var b = open[k];
        if (s.task === k.substring(0, k.indexOf('#')) && s.point === 'mutex_unlock:' + b.cls) {
          b.to = i;
          if (b.heldFrom < 0) { b.heldFrom = i; }
        }
        delete open[k];
      });
      if (s.task && byName[s.task]) {
        var lane = byName[s.task];
        var k = kind(s.point);
        if (k === 'call') {
          lane.spans.push({ from: i, to: r.steps.length - 1, text: s.point.substring(9) });
        } else if (k === 'result') {
          var sp = lane.spans[lane.spans.length - 1];
          if (sp) { sp.to = i; }
          lane.marks.push({ step: i, kind: 'result', text: s.point });
        } else if (k === 'named') {
          lane.marks.push({ step: i, kind: 'named', text: s.point });
        } else if (k === 'lock' || k === 'unlock') {
          lane.marks.push({ step: i, kind: k, text: s.point });
        }
      }
    });
    return lanes;
  }

  var BAR_COLORS = { overlayfs: '#7fa3ef', upperfs: '#f0a860', lowerfs: '#72c58f' };
  function barColor(cls) {
    var m = /#([a-z]+)\//.exec(cls);
    return (m && BAR_COLORS[m[1]]) || '#bbb';
  }

  var timelineGeom = null;
  function renderTimeline() {
    var r = cur();
    var box = clear(document.getElementById('timeline'));
    var lanes = layoutTimeline(r);
    var n = r.steps.length;
    var labelW = 64;
    var width = Math.max(900, box.clientWidth || 1200);
    var stepW = (width - labelW - 40) / Math.max(1, n); // room for the last result's text
    var top = 16, spanH = 16, barH = 9, laneGap = 8;
    var y = top;
    lanes.forEach(function (l) { l.y = y; l.h = spanH + 4 + l.rows * (barH + 2) + 4; y += l.h + laneGap; });
    var height = y + 4;
    var root = svg('svg', { width: width, height: height, id: 'timeline-svg', role: 'img' }, box);
    function x(i) { return labelW + i * stepW; }
    // axis: every 5th step
    for (var i = 0; i < n; i += 5) { svg('text', { x: x(i) + 1, y: 11, 'class': 'axis' }, root, String(i)); }
    lanes.forEach(function (l) {
      var g = svg('g', { 'class': 'lane', 'data-task': l.name }, root);
      svg('rect', { x: labelW, y: l.y, width: width - labelW - 8, height: l.h, 'class': 'lanebg' }, g);
      svg('text', { x: 6, y: l.y + 14, 'class': 'lanelabel' }, g, l.name);
      l.spans.forEach(function (sp, k) {
        var clipId = 'clip-' + state.run + '-' + l.name + '-' + k;
        var clip = svg('clipPath', { id: clipId }, g);
        var w = Math.max(stepW, (sp.to - sp.from + 1) * stepW);
        svg('rect', { x: x(sp.from), y: l.y + 2, width: w, height: spanH }, clip);
        var rect = svg('rect', { x: x(sp.from), y: l.y + 2, width: w, height: spanH, rx: 3, 'class': 'span' }, g);
        tip(rect, l.name + ': ' + sp.text);
        svg('text', { x: x(sp.from) + 4, y: l.y + 14, 'class': 'spantext', 'clip-path': 'url(#' + clipId + ')' }, g, sp.text);
      });
      l.bars.forEach(function (b) {
        var by = l.y + spanH + 6 + b.row * (barH + 2);
        var color = barColor(b.cls);
        var waitTo = b.heldFrom < 0 ? b.to + 1 : b.heldFrom;
        if (waitTo > b.from) {
          var w1 = svg('rect', { x: x(b.from), y: by, width: (waitTo - b.from) * stepW, height: barH, fill: color, 'class': 'bar wait' }, g);
          tip(w1, l.name + ' waits to take ' + b.lock + ' (' + b.cls + '), steps ' + b.from + '-' + (waitTo - 1));
        }
        if (b.heldFrom >= 0) {
          var w2 = svg('rect', { x: x(b.heldFrom), y: by, width: (b.to - b.heldFrom + 1) * stepW, height: barH, fill: color, 'class': 'bar held' }, g);
          tip(w2, l.name + ' holds ' + b.lock + ' (' + b.cls + '), steps ' + b.heldFrom + '-' + b.to);
          if ((b.to - b.heldFrom + 1) * stepW > 110) {
            svg('text', { x: x(b.heldFrom) + 3, y: by + barH - 1, 'font-size': 8.5, fill: '#222', 'pointer-events': 'none' }, g, b.lock);
          }
        }
      });
      l.marks.forEach(function (m) {
        var cx = x(m.step) + stepW / 2;
        var cy = l.y + 2 + spanH / 2;
        if (m.kind === 'named') {
          var d = svg('path', { d: 'M' + cx + ',' + (cy - 6) + 'l6,6l-6,6l-6,-6z', 'class': 'named' }, g);
          tip(d, l.name + ' at ' + m.text + ' (step ' + m.step + ')');
        } else if (m.kind === 'result') {
          var res = m.text.substring(2);
          var bad = isBad(res);
          var c = svg('circle', { cx: cx, cy: cy, r: 6, 'class': 'result' + (bad ? ' bad' : '') }, g);
          tip(c, l.name + ' returns ' + res + ' (step ' + m.step + ')');
          svg('text', { x: cx + 8, y: cy + 4, 'class': 'resulttext' + (bad ? ' bad' : '') }, g, '= ' + res);
        } else {
          svg('line', { x1: cx, x2: cx, y1: l.y + spanH + 2, y2: l.y + spanH + 5, 'class': 'tick' }, g);
        }
      });
    });
    var cursor = svg('rect', { id: 'cursor', x: x(0), y: top - 2, width: stepW, height: height - top }, root);
    for (var s = 0; s < n; s++) {
      var col = svg('rect', { x: x(s), y: top - 2, width: stepW, height: height - top, 'class': 'stepcol', 'data-step': s }, root);
      tip(col, 'step ' + s + ': ' + (r.steps[s].task ? r.steps[s].task + ' ' : '') + r.steps[s].point);
      col.addEventListener('click', function (ev) { select(+ev.target.getAttribute('data-step')); });
    }
    timelineGeom = { x: x, stepW: stepW, cursor: cursor };
  }

  // ---- the dentry graph at a step ----
  var COLS = [
    { cache: 'lower', title: 'lower dentries (lowerfs)' },
    { cache: 'overlay', title: 'overlay dentries (overlayfs)' },
    { cache: 'upper', title: 'upper dentries (upperfs)' }
  ];
  var ROW = 24, NODE_H = 19, INDENT = 14;

  function dentrySig(d, snap) {
    var i = inodeOf(snap, d.inode);
    return [d.name, d.path, d.parent, d.hashed, d.negative, d.count, d.inode, d.upper, d.lower, d.opaque,
      i ? [i.ino, i.mode, i.nlink, i.mutexOwner, i.mutexSubclass].join(',') : ''].join('|');
  }
  function inodeOf(snap, id) {
    if (!id) { return null; }
    if (!snap._inodes) {
      snap._inodes = {};
      snap.inodes.forEach(function (i) { snap._inodes[i.id] = i; });
    }
    return snap._inodes[id] || null;
  }
  function dentryOf(snap, id) {
    if (!id) { return null; }
    if (!snap._dentries) {
      snap._dentries = {};
      snap.dentries.forEach(function (d) { snap._dentries[d.id] = d; });
    }
    return snap._dentries[id] || null;
  }
  function nodeLabel(d, snap) {
    var name = d.parent ? d.name : '/';
    var i = inodeOf(snap, d.inode);
    return name + (i ? '  ' + i.type + ' ino ' + i.ino : '');
  }
  function nodeTags(d, snap) {
    var tags = ['d_count ' + d.count];
    if (d.negative) { tags.push('negative'); }
    if (!d.hashed && d.parent) { tags.push('UNHASHED'); }
    if (d.opaque) { tags.push('opaque'); }
    var i = inodeOf(snap, d.inode);
    if (i && i.mutexOwner) { tags.push('i_mutex: ' + i.mutexOwner); }
    return tags.join(' · ');
  }

  function renderGraph() {
    var r = cur();
    var snap = r.steps[state.step].snapshot;
    var prev = state.step > 0 ? r.steps[state.step - 1].snapshot : null;
    var box = clear(document.getElementById('graph'));
    var gap = 44, top = 22;
    var avail = (document.getElementById('graph-box').clientWidth || 900) - 20;
    var colW = Math.max(200, Math.min(270, Math.floor((avail - 2 * gap) / 3)));
    var width = COLS.length * colW + (COLS.length - 1) * gap + 8;
    var pos = {};
    var rows = 0;
    COLS.forEach(function (c, ci) {
      var list = snap.dentries.filter(function (d) { return d.cache === c.cache; });
      list.forEach(function (d, k) {
        var xx = 4 + ci * (colW + gap) + d.depth * INDENT;
        pos[d.id] = { x: xx, y: top + k * ROW, w: colW - d.depth * INDENT, col: ci };
      });
      rows = Math.max(rows, list.length);
    });
    var height = top + rows * ROW + 8;
    var root = svg('svg', { width: width, height: height, id: 'graph-svg' }, box);
    COLS.forEach(function (c, ci) {
      svg('text', { x: 4 + ci * (colW + gap), y: 13, 'class': 'coltitle', fill: c.cache === 'overlay' ? '#3b6fd6' : c.cache === 'upper' ? '#b0641a' : '#237048' }, root, c.title);
    });
    // tree lines: parent to child within a column
    snap.dentries.forEach(function (d) {
      var p = pos[d.parent];
      var q = pos[d.id];
      if (!p || !q) { return; }
      var px = p.x + 6;
      svg('path', { d: 'M' + px + ',' + (p.y + NODE_H) + 'V' + (q.y + NODE_H / 2) + 'H' + q.x, 'class': 'treeline' }, root);
    });
    // links: overlay dentry -> upper (right) and lower (left)
    snap.dentries.forEach(function (d) {
      if (d.cache !== 'overlay') { return; }
      var a = pos[d.id];
      var was = prev ? dentryOf(prev, d.id) : null;
      [['upper', d.upper], ['lower', d.lower]].forEach(function (pair) {
        var b = pos[pair[1]];
        if (!b) { return; }
        var changed = prev && (!was || was[pair[0]] !== pair[1]);
        var x1, x2;
        if (pair[0] === 'upper') { x1 = a.x + a.w; x2 = b.x; } else { x1 = a.x; x2 = b.x + b.w; }
        var y1 = a.y + NODE_H / 2, y2 = b.y + NODE_H / 2, mx = (x1 + x2) / 2;
        var p = svg('path', {
          d: 'M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + x2 + ',' + y2,
          'class': 'link ' + pair[0] + (changed ? ' chg' : ''), 'data-from': d.id, 'data-to': pair[1]
        }, root);
        tip(p, 'overlay ' + d.path + ' -> ' + pair[0] + ' dentry ' + (dentryOf(snap, pair[1]) || {}).path);
      });
    });
    snap.dentries.forEach(function (d) {
      var q = pos[d.id];
      var was = prev ? dentryOf(prev, d.id) : null;
      var cls = 'dnode';
      if (d.negative) { cls += ' negative'; }
      if (!d.hashed && d.parent) { cls += ' unhashed'; }
      var i = inodeOf(snap, d.inode);
      if (i && i.mutexOwner) { cls += ' locked'; }
      if (prev && !was) { cls += ' new'; } else if (prev && dentrySig(was, prev) !== dentrySig(d, snap)) { cls += ' chg'; }
      var g = svg('g', { 'class': cls, 'data-id': d.id, 'data-cache': d.cache }, root);
      svg('rect', { x: q.x, y: q.y, width: q.w, height: NODE_H, rx: 4 }, g);
      svg('text', { x: q.x + 5, y: q.y + 13 }, g, nodeLabel(d, snap));
      var tagText = nodeTags(d, snap);
      svg('text', { x: q.x + q.w - 4, y: q.y + 13, 'text-anchor': 'end', 'class': 'tag' + ((!d.hashed && d.parent) ? ' bad' : '') }, g, tagText.replace(/^d_count /, 'c'));
      tip(g, d.cache + ' dentry ' + d.path + ' (' + d.id + '): ' + tagText +
        (i ? '\ninode ' + i.fs + ' ino ' + i.ino + ' ' + i.type + ' ' + i.mode.toString(8) + ' nlink ' + i.nlink + ' i_count ' + i.count + '\ni_mutex class ' + i.mutexClass + (i.mutexOwner ? ', held by ' + i.mutexOwner + ' (' + i.mutexSubclass + ')' : ', free') : '\nno inode') +
        (d.cache === 'overlay' ? '\nupper: ' + ((dentryOf(snap, d.upper) || {}).path || 'none') + '   lower: ' + ((dentryOf(snap, d.lower) || {}).path || 'none') : ''));
    });
  }

  // ---- the side panel: changes, locks, trees, log ----
  function describeStep(r, i) {
    var s = r.steps[i];
    var k = kind(s.point);
    var t = s.task ? s.snapshot.tasks.filter(function (x) { return x.name === s.task; })[0] : null;
    if (k === 'edge') { return i === 0 ? 'before any task runs' : 'every task has ended'; }
    if (k === 'call') { return s.task + ' starts the line ' + s.point.substring(9); }
    if (k === 'result') { return s.task + "'s line returns " + s.point.substring(2); }
    if (k === 'lock' && t) {
      var want = t.locks.filter(function (l) { return !l.held; })[0];
      return s.task + ' is about to take ' + (want ? want.lock + (want.owner ? ', held by ' + want.owner + ': it waits' : '') : s.point.substring(11));
    }
    if (k === 'unlock' && i > 0) {
      var before = r.steps[i - 1].snapshot.tasks.filter(function (x) { return x.name === s.task; })[0];
      var now = {};
      (t ? t.locks : []).forEach(function (l) { now[lockKey(l)] = true; });
      var gone = before ? before.locks.filter(function (l) { return !now[lockKey(l)]; })[0] : null;
      return s.task + ' released ' + (gone ? gone.lock : s.point.substring(13));
    }
    return s.task + ' reached the overlay\'s named point ' + s.point + ' (a window the explorer may switch tasks at)';
  }

  function changes(r, i) {
    var out = [];
    if (i === 0) { return out; }
    var a = r.steps[i - 1].snapshot, b = r.steps[i].snapshot;
    b.dentries.forEach(function (d) {
      var w = dentryOf(a, d.id);
      if (!w) { out.push('+ ' + d.cache + ' dentry ' + d.path + (d.negative ? ' (negative)' : '')); return; }
      var diff = [];
      if (w.path !== d.path) { diff.push('path ' + w.path + ' -> ' + d.path + ' (d_move)'); }
      if (w.hashed !== d.hashed) { diff.push(d.hashed ? 'hashed' : 'unhashed (d_drop)'); }
      if (w.negative !== d.negative) { diff.push(d.negative ? 'now negative' : 'now positive'); }
      if (w.count !== d.count) { diff.push('d_count ' + w.count + ' -> ' + d.count); }
      if (w.upper !== d.upper) { diff.push('upper ' + ((dentryOf(a, w.upper) || {}).path || 'none') + ' -> ' + ((dentryOf(b, d.upper) || {}).path || 'none')); }
      if (w.lower !== d.lower) { diff.push('lower -> ' + ((dentryOf(b, d.lower) || {}).path || 'none')); }
      if (w.opaque !== d.opaque) { diff.push(d.opaque ? 'opaque' : 'not opaque'); }
      var wi = inodeOf(a, w.inode), di = inodeOf(b, d.inode);
      if (wi && di && wi.id === di.id && wi.nlink !== di.nlink) { diff.push('i_nlink ' + wi.nlink + ' -> ' + di.nlink); }
      if (diff.length) { out.push(d.cache + ' ' + d.path + ': ' + diff.join(', ')); }
    });
    a.dentries.forEach(function (d) { if (!dentryOf(b, d.id)) { out.push('- ' + d.cache + ' dentry ' + d.path + ' freed'); } });
    b.tasks.forEach(function (t) {
      var was = a.tasks.filter(function (x) { return x.name === t.name; })[0] || { locks: [] };
      var before = {};
      was.locks.forEach(function (l) { before[lockKey(l)] = l; });
      var now = {};
      t.locks.forEach(function (l) {
        now[lockKey(l)] = l;
        var p = before[lockKey(l)];
        if (!p) { out.push(t.name + (l.held ? ' took ' : ' is about to take ') + l.lock); } else if (!p.held && l.held) { out.push(t.name + ' took ' + l.lock); }
      });
      was.locks.forEach(function (l) { if (!now[lockKey(l)]) { out.push(t.name + ' released ' + l.lock); } });
    });
    [['merged', 'merged view'], ['upper', 'upper layer'], ['lower', 'lower layer']].forEach(function (p) {
      var before = {}, after = {};
      a[p[0]].forEach(function (l) { before[l.path] = l.detail; });
      b[p[0]].forEach(function (l) { after[l.path] = l.detail; });
      Object.keys(after).forEach(function (k) {
        if (!(k in before)) { out.push('+ ' + p[1] + ' ' + k); } else if (before[k] !== after[k]) { out.push(p[1] + ' ' + k + ': ' + after[k]); }
      });
      Object.keys(before).forEach(function (k) { if (!(k in after)) { out.push('- ' + p[1] + ' ' + k); } });
    });
    b.log.slice(a.log.length).forEach(function (l) { out.push('!' + l); });
    b.lockdep.slice(a.lockdep.length).forEach(function (l) { out.push('!lockdep: ' + l); });
    return out;
  }

  function renderSide() {
    var r = cur();
    var s = r.steps[state.step];
    var snap = s.snapshot;
    var prev = state.step > 0 ? r.steps[state.step - 1].snapshot : null;
    var ul = clear(document.getElementById('changes'));
    var ch = changes(r, state.step);
    if (!ch.length) { html('li', { 'class': 'none' }, ul, state.step === 0 ? '(the first step)' : '(nothing the pictures show)'); }
    ch.forEach(function (c) {
      if (c.charAt(0) === '!') { html('li', { 'class': 'bad' }, ul, c.substring(1)); } else { html('li', {}, ul, c); }
    });
    var locks = clear(document.getElementById('locks'));
    snap.tasks.forEach(function (t) {
      var d = html('div', { 'class': 'task', 'data-task': t.name }, locks);
      html('b', {}, d, t.name);
      html('span', {}, d, ' ' + t.creds + (t.locks.length ? '' : ': holds no lock'));
      var was = prev ? prev.tasks.filter(function (x) { return x.name === t.name; })[0] : null;
      var before = {};
      (was ? was.locks : []).forEach(function (l) { before[lockKey(l)] = l.held; });
      t.locks.forEach(function (l) {
        var fresh = prev && before[lockKey(l)] !== l.held;
        html('div', { 'class': 'lock' + (l.held ? '' : ' wait') + (fresh ? ' chg' : '') }, d,
          (l.held ? 'holds ' : (l.owner ? 'waits for ' : 'about to take ')) + l.lock + '  ' + l.lockClass + (l.owner ? ' (held by ' + l.owner + ')' : ''));
      });
    });
    var trees = clear(document.getElementById('trees'));
    [['merged', 'Merged view (/mnt)'], ['upper', 'Upper layer (/upper)'], ['lower', 'Lower layer (/lower)']].forEach(function (p) {
      html('h2', {}, trees, p[1]);
      var list = html('ul', { 'class': 'tree', 'data-tree': p[0] }, trees);
      var before = {};
      if (prev) { prev[p[0]].forEach(function (l) { before[l.path] = l.detail; }); }
      var now = {};
      snap[p[0]].forEach(function (l) {
        now[l.path] = true;
        var changed = prev && before[l.path] !== l.detail;
        var li = html('li', { 'class': changed ? 'chg' : null }, list);
        var name = l.path === '/' ? '/' : l.path.substring(l.path.lastIndexOf('/') + 1) + (l.type === 'dir' ? '/' : '');
        li.appendChild(document.createTextNode(new Array(l.depth + 1).join('  ') + name + '  '));
        html('span', { 'class': 'd' }, li, l.detail);
      });
      if (prev) {
        prev[p[0]].forEach(function (l) {
          if (!now[l.path]) { html('li', { 'class': 'gone' }, list, new Array(l.depth + 1).join('  ') + l.path + '  (gone)'); }
        });
      }
    });
    var log = clear(document.getElementById('log'));
    var entries = snap.log.concat(snap.lockdep.map(function (l) { return 'lockdep: ' + l; }));
    var old = prev ? prev.log.length + prev.lockdep.length : 0;
    if (!entries.length) { html('li', { 'class': 'none' }, log, '(empty)'); }
    entries.forEach(function (e, k) { html('li', { 'class': prev && k >= old ? 'chg' : null }, log, e); });
  }

  function renderLockGraph() {
    var r = cur();
    var snap = r.steps[state.step].snapshot;
    var prev = state.step > 0 ? r.steps[state.step - 1].snapshot : null;
    var known = snap.dependencies, before = prev ? prev.dependencies : 0;
    var box = document.getElementById('lockgraph');
    if (box.getAttribute('data-run') !== String(state.run)) {
      box.innerHTML = r.lockSvg || '<p>(no lock-class graph)</p>';
      box.setAttribute('data-run', String(state.run));
      var ol = clear(document.getElementById('deps'));
      r.dependencies.forEach(function (d, k) { html('li', { 'data-order': k }, ol, d.from + ' -> ' + d.to + '   [' + d.op + ']'); });
    }
    Array.prototype.forEach.call(box.querySelectorAll('.dep'), function (e) {
      var k = +e.getAttribute('data-order');
      e.classList.toggle('future', k >= known);
      e.classList.toggle('fresh', k >= before && k < known && state.step > 0);
    });
    Array.prototype.forEach.call(box.querySelectorAll('.cycle'), function (e) {
      e.classList.toggle('future', +e.getAttribute('data-report') >= snap.lockdep.length);
    });
    Array.prototype.forEach.call(document.querySelectorAll('#deps li'), function (e) {
      var k = +e.getAttribute('data-order');
      e.className = k >= known ? 'future' : (k >= before && state.step > 0 ? 'fresh' : '');
    });
  }

  function renderRunInfo() {
    var r = cur();
    var o = clear(document.getElementById('outcome'));
    html('span', {}, o, r.title + (r.outcome ? ': ' : ''));
    if (r.outcome) { html('b', { 'class': /forbidden|oops|warn/.test(r.outcome) ? 'bad' : null }, o, r.outcome); }
    r.notes.forEach(function (n) { html('div', { 'class': 'hint' }, o, n); });
    if (r.truncated) { html('div', { 'class': 'bad' }, o, 'only the first ' + r.steps.length + ' steps were kept'); }
    var t = clear(document.getElementById('observations'));
    Object.keys(r.observations).forEach(function (k) {
      var tr = html('tr', {}, t);
      html('td', {}, tr, k);
      html('td', {}, tr, r.observations[k] === '' ? '(empty)' : r.observations[k]);
    });
    var slider = document.getElementById('slider');
    slider.max = String(r.steps.length - 1);
  }

  function renderTabs() {
    var nav = clear(document.getElementById('runs'));
    if (data.runs.length < 2) { return; }
    data.runs.forEach(function (r, k) {
      var b = html('button', { 'class': k === state.run ? 'active' : null, 'data-run': k }, nav, r.label);
      b.addEventListener('click', function () { selectRun(k); });
    });
  }

  function renderLegend() {
    var l = clear(document.getElementById('legend'));
    [['', 'hashed, positive'], ['negative', 'negative (no inode)'], ['unhashed', 'unhashed (d_drop: lookups miss it)'],
      ['chg', 'new or changed at this step'], ['eu', 'overlay -> upper dentry'], ['el', 'overlay -> lower dentry']].forEach(function (p) {
      var s = html('span', {}, l);
      html('span', { 'class': 'sw ' + p[0] }, s);
      s.appendChild(document.createTextNode(p[1]));
    });
    html('span', {}, l, 'c N: d_count;  thick border: its i_mutex is held');
  }

  function select(i) {
    var r = cur();
    state.step = Math.max(0, Math.min(r.steps.length - 1, i));
    var s = r.steps[state.step];
    document.getElementById('slider').value = String(state.step);
    document.getElementById('stepno').textContent = 'step ' + state.step + ' / ' + (r.steps.length - 1);
    var cap = clear(document.getElementById('caption'));
    html('div', {}, cap, (s.task ? s.task + '  ' : '') + s.point);
    html('div', { 'class': 'what' }, cap, describeStep(r, state.step));
    if (timelineGeom) { timelineGeom.cursor.setAttribute('x', timelineGeom.x(state.step)); }
    renderGraph();
    renderSide();
    renderLockGraph();
    document.body.setAttribute('data-step', String(state.step));
  }

  function selectRun(k) {
    state.run = k;
    state.step = 0;
    document.getElementById('lockgraph').removeAttribute('data-run');
    renderTabs();
    renderRunInfo();
    renderTimeline();
    select(0);
  }

  document.getElementById('slider').addEventListener('input', function (e) { select(+e.target.value); });
  document.getElementById('prev').addEventListener('click', function () { select(state.step - 1); });
  document.getElementById('next').addEventListener('click', function () { select(state.step + 1); });
  document.addEventListener('keydown', function (e) {
    if (e.target && e.target.id === 'slider' && e.key.indexOf('Arrow') === 0) { return; } // the slider moves itself
    var moves = { ArrowRight: 1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };
    if (e.key in moves) { select(state.step + moves[e.key]); e.preventDefault(); } else if (e.key === 'Home') { select(0); e.preventDefault(); } else if (e.key === 'End') { select(cur().steps.length - 1); e.preventDefault(); }
  });
  window.addEventListener('resize', function () { renderTimeline(); select(state.step); });
  renderLegend();
  // #run=K&step=N opens the page at that run and step (for links and screenshots)
  var want = {};
  (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {
    var p = kv.split('=');
    if (p.length === 2 && /^[0-9]+$/.test(p[1])) { want[p[0]] = +p[1]; }
  });
  selectRun(want.run !== undefined && want.run < data.runs.length ? want.run : 0);
  if (want.step !== undefined) { select(want.step); }
  document.body.setAttribute('data-ready', 'true');
}());
