import type { Page } from 'playwright-core';

/**
 * Layout faults a visitor would see, found in the page as laid out by Chromium. The code runs in
 * the page as text: this project's TypeScript has no DOM types.
 */
export interface LayoutFaults {
  /** Elements that stick out of the viewport sideways (the page would scroll sideways). */
  overflowing: string[];
  /** Pairs of visible text runs drawn over each other. */
  overlapping: string[];
  /** Text cut off sideways inside its box (an ellipsis eating a name, say). */
  clipped: string[];
}

export const layoutFaults = (page: Page): Promise<LayoutFaults> =>
  page.evaluate<LayoutFaults>(`(() => {
    const width = document.documentElement.clientWidth;
    const describe = (e) =>
      e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
      ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
    // Inside a box that scrolls or clips sideways on purpose (a wide table), sticking out is fine.
    const insideScroller = (e) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === 'auto' || x === 'scroll') return true;
      }
      return false;
    };
    const shown = (e) => {
      const style = getComputedStyle(e);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
      const r = e.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    };
    const overflowing = [];
    if (document.documentElement.scrollWidth > width + 0.5) overflowing.push('document ' + document.documentElement.scrollWidth + 'px wide in ' + width + 'px');
    for (const e of document.body.querySelectorAll('*')) {
      if (!shown(e) || insideScroller(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.right > width + 0.5 || r.left < -0.5) overflowing.push(describe(e));
    }
    const clipped = [];
    for (const e of document.body.querySelectorAll('*')) {
      if (!shown(e) || insideScroller(e)) continue;
      const style = getComputedStyle(e);
      const clips = style.overflowX === 'hidden' || style.overflowX === 'clip';
      if (clips && e.scrollWidth > e.clientWidth + 1 && (e.textContent || '').trim()) clipped.push(describe(e));
    }
    // What of a rect an ancestor that clips (a line clamp, a scroller) lets be seen.
    const visiblePart = (rect, element) => {
      let { left, top, right, bottom } = rect;
      for (let p = element; p && p !== document.documentElement; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const box = p.getBoundingClientRect();
        left = Math.max(left, box.left);
        top = Math.max(top, box.top);
        right = Math.min(right, box.right);
        bottom = Math.min(bottom, box.bottom);
      }
      return right - left >= 1 && bottom - top >= 1 ? { left, top, right, bottom } : null;
    };
    // Every visible run of text, line by line.
    const runs = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const parent = node.parentElement;
      if (!parent || !shown(parent) || parent.closest('.visually-hidden, [aria-hidden="true"]')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const whole of range.getClientRects()) {
        const rect = visiblePart(whole, parent);
        if (rect) runs.push({ node, rect, text: node.textContent.trim().slice(0, 30) });
      }
    }
    const overlapping = [];
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const a = runs[i], b = runs[j];
        if (a.node === b.node) continue;
        const w = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const h = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (w > 2 && h > 3) overlapping.push('"' + a.text + '" over "' + b.text + '"');
      }
    }
    return { overflowing, overlapping, clipped };
  })()`);
