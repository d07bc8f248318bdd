"""What every tradewar.ui widget ships for accessibility: one stylesheet and one small script.

ipywidgets cannot set ARIA attributes from Python, so the library carries a script that does it in
the page: accessible names and clean value text (with units) for slider handles, live regions
(role=status) for results and feedback, names for icon-only buttons, a description for each
chart (its caption), Enter to submit a SelfCheck and focus kept on a useful control when a button disables
itself. The stylesheet gives a visible 3 px focus ring, underlined Markdown links, and a layout that
reflows at 320 CSS px (labels above the tracks, nothing scrolling sideways).

`assets()` returns the HTML widget holding both, one per kernel; every top-level widget (Explorer,
Predict, SelfCheck, TimelineView and the views) puts it inside itself, and none closes it. The script runs from an image's
error handler (a `<script>` set through innerHTML never runs), installs itself once per page
(`window.__twA11y`), then watches the page for new or changed widgets. It needs nothing but the DOM,
so it works alike in JupyterLab, Voila, JupyterLite and a static HTML export with widget state.

Python marks what the script reads: class tw-ui on each widget root, tw-live on a live region,
tw-a11y-meta elements with data-label / data-unit / data-valuetext, tw-help for help text, tw-check,
tw-lock and tw-again on the quiz buttons, tw-chart-caption under a chart.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

__all__ = ["CSS", "JS", "assets", "mark_root", "meta", "sr_only_html", "live"]

# Colours, checked against white (#fff) and JupyterLab's dark background (#111):
# focus ring #1a5fb4 is 6.4:1 on white; #8cc4ff is 10:1 on #111.
CSS = """
.tw-ui { --tw-focus: #1a5fb4; }
[data-jp-theme-light="false"] .tw-ui { --tw-focus: #8cc4ff; }
/* Visible focus: 3 px, at least 3:1 against the page and the control. */
.tw-ui :is(button, input, select, textarea, a, [tabindex]):focus-visible,
.tw-ui .noUi-handle:focus, .tw-ui .noUi-handle:focus-visible {
  outline: 3px solid var(--tw-focus) !important; outline-offset: 2px !important; box-shadow: none; }
.tw-ui .widget-dropdown select:focus-visible, .tw-ui .widget-text input:focus-visible {
  border-color: var(--tw-focus); }
/* Links in Markdown and in the widgets: underlined, not told by colour alone. */
.jp-RenderedMarkdown a[href], .jp-RenderedHTMLCommon.jp-RenderedMarkdown a[href], .tw-ui a[href] {
  text-decoration: underline !important; text-underline-offset: 0.15em; }
/* Visually hidden, read by screen readers. */
.tw-sr-only { position: absolute !important; width: 1px !important; height: 1px !important; padding: 0 !important;
  margin: -1px !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important;
  border: 0 !important; }
.tw-assets { height: 0 !important; margin: 0 !important; padding: 0 !important; overflow: hidden; }
/* A parameter's help: shown while its control has the focus, always linked by aria-describedby. */
.tw-help { display: none; font-size: 13px; line-height: 1.35; margin: 0.1em 0 0.4em 1em; padding: 0.3em 0.6em;
  border-left: 3px solid var(--tw-focus); }
.tw-control:focus-within .tw-help { display: block; }
/* No box turns into an unnamed scroll region (and tab stop) over a few pixels of overflow. */
.tw-ui.widget-box, .tw-ui .widget-box, .tw-ui.widget-container, .tw-ui .widget-container { overflow: visible; }
.tw-chart-caption { font-size: 13px; line-height: 1.35; opacity: 0.9; margin: 0.2em 0 0.4em 0; max-width: 60em; }
/* Reflow: at narrow widths labels go above the tracks and nothing keeps a minimum width. */
@media (max-width: 640px) {
  .tw-ui, .tw-ui .widget-box, .tw-ui .widget-container, .tw-ui .widget-slider, .tw-ui .widget-dropdown,
  .tw-ui .widget-text, .tw-ui .widget-textarea, .tw-ui .widget-select, .tw-ui .widget-html,
  .tw-ui .widget-image, .tw-ui .slider-container {
    min-width: 0 !important; max-width: 100% !important; }
  .tw-ui .widget-slider, .tw-ui .widget-dropdown, .tw-ui .widget-text, .tw-ui .widget-textarea,
  .tw-ui .widget-select, .tw-ui .widget-hbox {
    flex-wrap: wrap !important; height: auto !important; }
  .tw-ui .widget-slider > .widget-label, .tw-ui .widget-dropdown > .widget-label, .tw-ui .widget-text > .widget-label,
  .tw-ui .widget-textarea > .widget-label, .tw-ui .widget-select > .widget-label {
    width: 100% !important; max-width: 100% !important; text-align: left !important; padding-right: 0 !important;
    white-space: normal !important; }
  .tw-ui .widget-slider > .slider-container { flex: 1 1 8em !important; min-width: 6em !important; }
  .tw-ui .widget-dropdown > select { flex: 1 1 auto !important; width: auto !important; min-width: 8em !important; }
  .tw-ui .widget-text > input { min-width: 6em !important; width: auto !important; }
  .tw-ui .widget-textarea > textarea, .tw-ui .widget-select > select {
    flex: 1 1 100% !important; min-width: 0 !important; width: 100% !important; box-sizing: border-box; }
  /* A list box shows each entry's start; its full text is the option's accessible name. */
  .tw-ui .widget-select > select { overflow-x: hidden; }
  .tw-ui .widget-html-content, .tw-ui table { max-width: 100%; }
  .tw-ui .widget-html-content { overflow-wrap: break-word; white-space: normal; }
  /* Two-dimensional content (a payoff matrix, a diagram) may scroll inside its own region; the
     table of values and everything else reflows. */
  .tw-ui .widget-html-content:has(table.tw-matrix), .tw-ui .widget-html-content:has(table.tw-tournament),
  .tw-ui .widget-html-content:has(svg[role="img"]) {
    overflow-x: auto; max-width: 100%; }
  .tw-ui svg[role="img"] { min-width: var(--tw-min-width, 0px); }
  .tw-ui table.tw-values tr { display: flex; flex-wrap: wrap; align-items: baseline; }
  .tw-ui table.tw-values th { flex: 1 1 100%; padding-right: 0 !important; }
  .tw-ui .tw-matrix th, .tw-ui .tw-matrix td { padding: 0.3em 0.4em !important; }
  .tw-ui td, .tw-ui th { white-space: normal !important; }
  .tw-ui .widget-radio-box label { white-space: normal; height: auto; line-height: 1.35; }
  .tw-explorer .tw-explorer-controls { border-right: none !important; padding-right: 0 !important; }
}
"""

# The script: installed once per page, idempotent, cheap (it touches only tradewar widgets).
JS = r"""
(function () {
  if (window.__twA11y) { window.__twA11y.schedule(); return; }
  var tw = window.__twA11y = {version: 1, n: 0};
  function uid(p) { tw.n += 1; return p + '-' + tw.n + '-' + Math.random().toString(36).slice(2, 7); }
  function set(el, name, value) {
    if (value === null || value === undefined || value === '') {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }
  function text(el) { return el ? el.textContent.replace(/\s+/g, ' ').trim() : ''; }
  function idOf(el, p) { if (!el.id) el.id = uid(p); return el.id; }
  function visible(el) { return !!el && el.getClientRects().length > 0; }
  function metaFor(el) {
    var scope = el.closest('.tw-control, .tw-a11y-scope');
    return scope ? scope.querySelector('.tw-a11y-meta') : null;
  }
  function helpFor(el) {
    var scope = el.closest('.tw-control');
    return scope ? scope.querySelector('.tw-help') : null;
  }
  function fixSlider(slider) {
    var handle = slider.querySelector('.noUi-handle');
    if (!handle) return;
    var label = slider.querySelector('.widget-label');
    var meta = metaFor(slider);
    var name = text(label) || (meta && meta.getAttribute('data-label')) || '';
    if (label && text(label)) { set(handle, 'aria-labelledby', idOf(label, 'tw-label')); set(handle, 'aria-label', null); }
    else set(handle, 'aria-label', name || 'Value');
    var vt = meta && meta.getAttribute('data-valuetext');
    if (!vt) {
      var readout = slider.querySelector('.widget-readout');
      var shown = readout && visible(readout) ? text(readout) : '';
      if (!shown) {
        var now = parseFloat(handle.getAttribute('aria-valuenow'));
        shown = isFinite(now) ? String(Math.round(now * 1e6) / 1e6) : '';
      }
      var unit = meta ? meta.getAttribute('data-unit') : '';
      vt = shown + (unit ? ' ' + unit : '');
    }
    set(handle, 'aria-valuetext', vt);
    var help = helpFor(slider);
    if (help) set(handle, 'aria-describedby', idOf(help, 'tw-help'));
  }
  function fixInput(el) {  // dropdowns, check boxes, text boxes: help as their description
    var help = helpFor(el);
    if (help) set(el, 'aria-describedby', idOf(help, 'tw-help'));
  }
  var ICONS = {'fa-play': 'Play', 'fa-pause': 'Pause', 'fa-stop': 'Stop', 'fa-retweet': 'Repeat',
               'fa-repeat': 'Repeat'};
  function fixButton(b) {
    if (text(b)) return;
    var i = b.querySelector('i.fa');
    var name = b.getAttribute('title') || '';
    if (i) for (var k in ICONS) if (i.classList.contains(k)) name = ICONS[k];
    if (b.closest('.widget-play') && b.querySelector('.fa-retweet')) {
      set(b, 'aria-pressed', b.classList.contains('mod-active') ? 'true' : 'false');
    }
    set(b, 'aria-label', name || 'Button');
  }
  function fixChart(view) {
    // A chart is an SVG named by its aria-label; the caption under it (the data in words) describes it.
    var pic = view.querySelector('svg[role="img"]');
    var cap = view.querySelector('.tw-chart-caption');
    if (pic && cap) set(pic, 'aria-describedby', idOf(cap, 'tw-cap'));
  }
  function fixLive(el) {
    set(el, 'role', 'status'); set(el, 'aria-live', 'polite'); set(el, 'aria-atomic', 'true');
  }
  function scan(root) {
    root = root || document;
    var q = function (s) { return root.querySelectorAll(s); };
    q('.tw-ui .widget-slider').forEach(fixSlider);
    q('.tw-control select, .tw-control input').forEach(fixInput);
    q('.tw-ui button').forEach(fixButton);
    q('.tw-view-chart').forEach(fixChart);
    q('.tw-live').forEach(fixLive);
    // A cell output, Markdown cell or widget table wider than the page scrolls sideways: it takes the
    // focus, so the keyboard can scroll it, and has a name (WCAG 2.1.1; axe scrollable-region-focusable).
    // Data tables may scroll so (WCAG 1.4.10 excepts two-dimensional content); nothing else in the
    // widgets does.
    document.querySelectorAll('.jp-OutputArea-output, .jp-RenderedMarkdown, .tw-ui .widget-html-content').forEach(function (out) {
      var cs = getComputedStyle(out);
      var wide = (out.scrollWidth > out.clientWidth + 1 && /(auto|scroll)/.test(cs.overflowX)) ||
                 (out.scrollHeight > out.clientHeight + 1 && /(auto|scroll)/.test(cs.overflowY));
      // Only what the keyboard can reach counts: JupyterLab puts a hidden (display: none) anchor
      // link in every Markdown heading, which is no tab stop.
      var focusable = Array.prototype.some.call(
        out.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'),
        function (f) { return !f.disabled && visible(f) && getComputedStyle(f).visibility !== 'hidden'; });
      if (wide && !focusable) {
        set(out, 'tabindex', '0'); set(out, 'role', 'region');
        set(out, 'aria-label', 'Wide output: scroll sideways with the arrow keys');
        out.setAttribute('data-tw-scroll', '1');
      } else if (out.getAttribute('data-tw-scroll')) {
        set(out, 'tabindex', null); set(out, 'role', null); set(out, 'aria-label', null);
        out.removeAttribute('data-tw-scroll');
      }
    });
    q('.tw-predict .widget-radio-box, .tw-selfcheck .widget-radio-box').forEach(function (box) {
      var quiz = box.closest('.tw-predict, .tw-selfcheck');
      var question = quiz && quiz.querySelector('.tw-quiz-q');
      set(box, 'role', 'radiogroup');
      if (question) set(box, 'aria-labelledby', idOf(question, 'tw-q'));
    });
  }
  tw.scan = scan;
  var pending = false;
  tw.schedule = function () {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () { pending = false; scan(document); });
  };
  // Slider value text is fixed in the same turn noUiSlider writes it, before a screen reader reads it.
  var obs = new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i], t = r.target;
      var el = t.nodeType === 1 ? t : t.parentElement;
      if (el && el.closest('.tw-ui')) { tw.schedule(); return; }
      if (r.type === 'childList') {  // new outputs or widgets anywhere (only what was added is looked at)
        for (var j = 0; j < r.addedNodes.length; j++) {
          var a = r.addedNodes[j];
          if (a.nodeType === 1 && (a.matches('.tw-ui, .jp-OutputArea-output, .jp-RenderedMarkdown, mjx-container') ||
                                   a.querySelector('.tw-ui, .jp-OutputArea-output, .jp-RenderedMarkdown'))) {
            tw.schedule(); return;  // (typeset math can make a Markdown cell wider than the page)
          }
        }
      }
    }
  });
  var resized = null;
  window.addEventListener('resize', function () { clearTimeout(resized); resized = setTimeout(tw.schedule, 150); });
  obs.observe(document.body || document.documentElement, {subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['aria-valuetext', 'aria-valuenow', 'class', 'style', 'data-valuetext', 'data-alt']});
  // Enter in a SelfCheck's number box checks it, as the Check button does.
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.isComposing) return;
    var input = e.target;
    if (!input.matches || !input.matches('.tw-selfcheck input[type="text"]')) return;
    var root = input.closest('.tw-selfcheck');
    var btn = root && root.querySelector('button.tw-check');
    if (!btn || btn.disabled) return;
    input.dispatchEvent(new Event('change', {bubbles: true}));  // the value first, then the check
    setTimeout(function () { btn.click(); }, 0);
  }, true);
  // A button that disables or hides itself hands the focus on instead of dropping it to the page.
  function handOn(btn, root, next) {
    var t0 = Date.now();
    (function wait() {
      var target = root.querySelector(next);
      var gone = btn.disabled || !visible(btn);
      if (gone && target && visible(target) && !target.disabled) {
        if (document.activeElement === btn || document.activeElement === document.body || !document.activeElement) {
          target.focus();
        }
        return;
      }
      if (Date.now() - t0 < 10000) setTimeout(wait, 40);
    })();
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.tw-lock, button.tw-again');
    if (!b) return;
    var root = b.closest('.tw-predict');
    if (!root) return;
    if (b.classList.contains('tw-lock')) handOn(b, root, 'button.tw-again');
    else handOn(b, root, '.widget-radio-box input');
  }, true);
  scan(document);
  // Math and images in Markdown may finish typesetting after the widgets: look again a few times.
  [1000, 3000, 10000].forEach(function (ms) { setTimeout(tw.schedule, ms); });
})();
"""

_BOOT = ('<img src="data:," alt="" hidden class="tw-a11y-boot" onerror="'
         "if(window.__twA11y){window.__twA11y.schedule()}else{"
         "try{(new Function(this.previousElementSibling.textContent))()}catch(e){console.error('tradewar a11y',e)}}"
         '">')


_ASSETS: widgets.HTML | None = None


def assets() -> widgets.HTML:
    """The stylesheet and the accessibility script, in a zero-height HTML widget.

    One widget per kernel, shared by every tradewar widget (one model, a view in each): its 12 kB
    go to the page once, not once per widget (29 copies were a third of notebook 06's widget state,
    which Voila's front end must fetch in one message within 4 s). Nothing may close it but
    `Widget.close_all()`; after that the next call makes a new one.
    """
    global _ASSETS
    if _ASSETS is None or getattr(_ASSETS, "comm", None) is None:  # first use, or closed
        w = widgets.HTML(f"<style>{CSS}</style>"
                         f'<script type="text/plain" class="tw-a11y-src">{JS}</script>{_BOOT}',
                         layout=widgets.Layout(height="0px", margin="0", padding="0"))
        w.add_class("tw-assets")
        _ASSETS = w
    return _ASSETS


def mark_root(widget, *classes: str):
    """Mark a widget as a tradewar widget root (tw-ui), plus any classes given."""
    for c in ("tw-ui",) + classes:
        if c not in widget._dom_classes:
            widget.add_class(c)
    return widget


def live(widget):
    """Mark an HTML widget as a live region (role=status, polite): its new text is announced."""
    if "tw-live" not in widget._dom_classes:
        widget.add_class("tw-live")
    return widget


def meta(**data: str) -> str:
    """A hidden element carrying data-* for the script (label, unit, valuetext)."""
    attrs = "".join(f' data-{k}="{html.escape(str(v), quote=True)}"' for k, v in data.items() if v is not None)
    return f'<span class="tw-a11y-meta" hidden{attrs}></span>'


def sr_only_html(text: str) -> str:
    """Text read by screen readers only."""
    return f'<span class="tw-sr-only">{html.escape(text)}</span>'
