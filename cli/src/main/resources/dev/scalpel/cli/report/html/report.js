/* Scalpel report: zoom and pan, blocks that open in place, node details, partner marking. */
(function () {
  'use strict';
  var errors = [];
  function markErrors() {
    document.body.setAttribute('data-errors', String(errors.length));
    if (errors.length) { document.body.setAttribute('data-error-text', errors.join(' | ')); }
  }
  window.addEventListener('error', function (e) { errors.push(String(e.message)); markErrors(); });
  var consoleError = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, ' '));
    markErrors();
    return consoleError.apply(console, arguments);
  };

  var HEADER = 34;
  function num(el, k) { return parseFloat(el.getAttribute('data-' + k)); }
  function kids(el, cls) {
    var out = [];
    for (var c = el.firstElementChild; c; c = c.nextElementSibling) { if (c.classList.contains(cls)) { out.push(c); } }
    return out;
  }
  function items(lvl) {
    var out = [];
    for (var c = lvl.firstElementChild; c; c = c.nextElementSibling) { if (!c.classList.contains('edges')) { out.push(c); } }
    return out;
  }
  function innerLevel(blk) { return kids(kids(blk, 'inner')[0], 'lvl')[0]; }

  /* Places a level's items and edges for the blocks now open in it; returns its size. */
  function relayout(lvl) {
    var grows = [];
    items(lvl).forEach(function (it) {
      if (!it.classList.contains('blk')) { return; }
      var rect = kids(it, 'box')[0];
      var w = num(it, 'w'), h = num(it, 'h');
      if (it.classList.contains('open')) {
        var size = relayout(innerLevel(it));
        var nw = Math.max(w, size[0]), nh = HEADER + size[1];
        rect.setAttribute('width', nw); rect.setAttribute('height', nh);
        grows.push({ x: num(it, 'x'), y: num(it, 'y'), w: w, h: h, dw: nw - w, dh: nh - h });
      } else {
        rect.setAttribute('width', w); rect.setAttribute('height', h);
      }
    });
    /* Right of an open block and beside it (overlapping its rows): moved right by its growth. Below it: moved down. */
    function dx(x, top, bottom) {
      var d = 0;
      grows.forEach(function (g) { if (x >= g.x + g.w - 0.01 && bottom > g.y + 0.01 && top < g.y + g.h - 0.01) { d += g.dw; } });
      return d;
    }
    function dy(y) { var d = 0; grows.forEach(function (g) { if (y >= g.y + g.h - 0.01) { d += g.dh; } }); return d; }
    items(lvl).forEach(function (it) {
      var x = num(it, 'x'), y = num(it, 'y');
      it.setAttribute('transform', 'translate(' + (x + dx(x, y, y + num(it, 'h'))) + ',' + (y + dy(y)) + ')');
    });
    var paths = lvl.firstElementChild.children;
    for (var i = 0; i < paths.length; i++) {
      var pts = paths[i].getAttribute('data-p').split(' ');
      var d = '';
      for (var j = 0; j < pts.length; j++) {
        var p = pts[j].split(','), x = parseFloat(p[0]), y = parseFloat(p[1]);
        d += (j ? 'L' : 'M') + (x + dx(x, y, y)) + ',' + (y + dy(y));
      }
      paths[i].setAttribute('d', d);
    }
    var tw = 0, th = 0;
    grows.forEach(function (g) { tw += g.dw; th += g.dh; });
    return [num(lvl, 'w') + tw, num(lvl, 'h') + th];
  }

  function setOpen(blk, open) {
    blk.classList.toggle('open', open);
    var label = kids(blk, 'lbl')[0];
    if (label) { label.textContent = (open ? '\u25be' : '\u25b8') + label.textContent.substring(1); }
  }

  function Panel(el) {
    this.el = el;
    this.svg = el.querySelector('svg.graph');
    this.vp = this.svg.querySelector('g.viewport');
    this.root = kids(this.vp, 'lvl')[0];
    this.view = { x: 0, y: 0, k: 1 };
    this.detailsEl = el.querySelector('script.details');
    this.details = null;
    this.size = [num(this.root, 'w'), num(this.root, 'h')];
    var self = this;
    el.querySelector('button.fit').addEventListener('click', function () { self.fit(); });
    el.querySelector('button.expand').addEventListener('click', function () { self.openAll(true); });
    el.querySelector('button.collapse').addEventListener('click', function () { self.openAll(false); });
    this.wire();
  }
  Panel.prototype.apply = function () {
    this.vp.setAttribute('transform', 'translate(' + this.view.x + ',' + this.view.y + ') scale(' + this.view.k + ')');
  };
  Panel.prototype.relayout = function () { this.size = relayout(this.root); };
  Panel.prototype.fit = function () {
    var r = this.svg.getBoundingClientRect();
    var k = Math.min(r.width / this.size[0], r.height / this.size[1]);
    k = Math.min(Math.max(k, 0.02), 2);
    this.view = { k: k, x: (r.width - this.size[0] * k) / 2, y: 4 };
    if (this.size[1] * k > r.height) { this.view.y = 4; }
    this.apply();
  };
  /* The first view: the whole drawing if it fits at a readable scale, else its top at that scale. */
  Panel.prototype.start = function () {
    var r = this.svg.getBoundingClientRect();
    var fit = Math.min(r.width / this.size[0], r.height / this.size[1]);
    if (fit >= 0.45) { this.fit(); return; }
    var k = Math.max(Math.min(1, r.width / this.size[0]), 0.45);
    this.view = { k: k, x: Math.max(0, (r.width - this.size[0] * k) / 2), y: 4 };
    this.apply();
  };
  Panel.prototype.openAll = function (open) {
    var blocks = this.root.querySelectorAll('g.blk');
    for (var i = 0; i < blocks.length; i++) { setOpen(blocks[i], open); }
    this.relayout();
    this.fit();
  };
  Panel.prototype.nodeDetails = function (id) {
    if (!this.details) { this.details = JSON.parse(this.detailsEl.textContent); }
    return this.details[id];
  };
  /* Opens the blocks around an element and centres the view on it. */
  Panel.prototype.reveal = function (node) {
    for (var p = node.parentElement; p && p !== this.vp; p = p.parentElement) {
      if (p.classList.contains('blk')) { setOpen(p, true); }
    }
    this.relayout();
    var r = this.svg.getBoundingClientRect(), b = node.getBoundingClientRect();
    if (this.view.k < 0.6) { var k0 = this.view.k; this.zoomAt(b.left - r.left + b.width / 2, b.top - r.top + b.height / 2, 0.9 / k0); b = node.getBoundingClientRect(); }
    this.view.x += r.width / 2 - (b.left - r.left + b.width / 2);
    this.view.y += r.height / 2 - (b.top - r.top + b.height / 2);
    this.apply();
  };
  Panel.prototype.zoomAt = function (px, py, factor) {
    var k = Math.min(Math.max(this.view.k * factor, 0.01), 8);
    var f = k / this.view.k;
    this.view.x = px - (px - this.view.x) * f;
    this.view.y = py - (py - this.view.y) * f;
    this.view.k = k;
    this.apply();
  };
  Panel.prototype.wire = function () {
    var self = this, drag = null;
    this.svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = self.svg.getBoundingClientRect();
      self.zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    this.svg.addEventListener('pointerdown', function (e) {
      drag = { x: e.clientX, y: e.clientY, vx: self.view.x, vy: self.view.y, moved: false };
    });
    this.svg.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      var mx = e.clientX - drag.x, my = e.clientY - drag.y;
      if (!drag.moved && Math.abs(mx) + Math.abs(my) < 4) { return; }
      if (!drag.moved) { drag.moved = true; self.svg.classList.add('dragging'); self.svg.setPointerCapture(e.pointerId); }
      self.view.x = drag.vx + mx; self.view.y = drag.vy + my;
      self.apply();
    });
    this.svg.addEventListener('pointerup', function (e) {
      var wasDrag = drag && drag.moved;
      drag = null;
      self.svg.classList.remove('dragging');
      if (!wasDrag) { self.click(e.target); }
    });
  };
  Panel.prototype.click = function (target) {
    var node = target.closest('g.n');
    if (node) { select(this, node); return; }
    var blk = target.closest('g.blk');
    if (blk && target.parentElement === blk) {
      setOpen(blk, !blk.classList.contains('open'));
      this.relayout();
    }
  };

  var panels = [];
  function panelOf(el) {
    for (var i = 0; i < panels.length; i++) { if (panels[i].el.contains(el)) { return panels[i]; } }
    return null;
  }
  function clearMarks(section, cls) {
    var marked = section.querySelectorAll('g.' + cls);
    for (var i = 0; i < marked.length; i++) { marked[i].classList.remove(cls); }
  }
  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function select(panel, node) {
    var section = panel.el.closest('.graph-section');
    clearMarks(section, 'sel'); clearMarks(section, 'partner');
    node.classList.add('sel');
    var d = panel.nodeDetails(node.id) || {};
    var html = '<b>' + esc(d.op) + '</b> <code>' + esc(d.name || '(unnamed)') + '</code> \u00b7 ' + esc(d.change);
    if (d.partner) {
      var partner = document.getElementById(d.partner);
      var other = partner && panelOf(partner);
      if (partner && other) {
        partner.classList.add('partner');
        other.reveal(partner);
        var pd = other.nodeDetails(d.partner) || {};
        html += ' \u00b7 paired with <code>' + esc(pd.name || '(unnamed)') + '</code> (' + esc(pd.op) + ', marked orange)';
      }
    }
    html += '<table>';
    (d.attributes || []).forEach(function (a) { html += '<tr><td>' + esc(a[0]) + '</td><td><code>' + esc(a[1]) + '</code></td></tr>'; });
    (d.inputs || []).forEach(function (v, i) { html += '<tr><td>input ' + i + '</td><td><code>' + esc(v[0]) + '</code> ' + esc(v[1]) + '</td></tr>'; });
    (d.outputs || []).forEach(function (v, i) { html += '<tr><td>output ' + i + '</td><td><code>' + esc(v[0]) + '</code> ' + esc(v[1]) + '</td></tr>'; });
    html += '</table>';
    section.querySelector('.info').innerHTML = html;
  }

  /* Hash words, for links and headless screenshots: graph (the drawings alone), open-all, open-first (each panel's first block), select=ID (as a click on that node). */
  var hash = location.hash;
  if (/graph/.test(hash)) { document.body.classList.add('graph-only'); }
  var els = document.querySelectorAll('.panel');
  for (var i = 0; i < els.length; i++) { panels.push(new Panel(els[i])); }
  panels.forEach(function (p) {
    p.relayout();
    p.start();
    if (/open-all/.test(hash)) { p.openAll(true); }
    var first = p.root.querySelector('g.blk');
    if (/open-first/.test(hash) && first) {
      setOpen(first, true);
      p.relayout();
      var r = p.svg.getBoundingClientRect(), b = first.getBoundingClientRect();
      p.view.y += 8 - (b.top - r.top);
      p.view.x += r.width / 2 - (b.left - r.left + b.width / 2);
      p.apply();
    }
  });
  var chosen = /select=([A-Za-z0-9_]+)/.exec(hash);
  var chosenNode = chosen && document.getElementById(chosen[1]);
  if (chosenNode) { panelOf(chosenNode).reveal(chosenNode); select(panelOf(chosenNode), chosenNode); }
  var all = document.querySelectorAll('svg.graph g.n'), shown = 0;
  for (var n = 0; n < all.length; n++) { if (!all[n].closest('g.blk:not(.open)')) { shown++; } }
  document.body.setAttribute('data-nodes', String(all.length));
  document.body.setAttribute('data-visible-nodes', String(shown));
  markErrors();
  document.body.setAttribute('data-ready', '1');
}());
