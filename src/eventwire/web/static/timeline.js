// The timeline under the map: events per day (or per week or month over long ranges) as
// stacked bars on a canvas, coloured by type. Clicking a bar calls onPick({from, to}) with
// its first and last day; clicking it again calls onPick(null).
"use strict";

const DAY_MS = 86400000;

class Timeline {
  constructor(canvas, onPick) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.bars = [];
    this.picked = null;
    canvas.addEventListener("click", (e) => this.click(e));
    canvas.addEventListener("mousemove", (e) => {
      const bar = this.barAt(e);
      canvas.title = bar ? `${bar.label}: ${bar.total} event(s)` : "";
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** Count ``events`` per bar (undated events left out) and redraw. */
  show(events) {
    const days = events.map((e) => e.date && e.date.value).filter(Boolean).sort();
    this.bars = [];
    this.picked = null;
    if (days.length) {
      const span = (Date.parse(days[days.length - 1]) - Date.parse(days[0])) / DAY_MS;
      this.unit = span <= 120 ? "day" : span <= 730 ? "week" : "month";
      this.bars = this.buckets(days[0], days[days.length - 1]);
      const index = new Map(this.bars.map((b, i) => [b.from, i]));
      for (const ev of events) {
        if (!ev.date || !ev.date.value) continue;
        const bar = this.bars[index.get(this.start(ev.date.value))];
        bar.types.set(ev.type, (bar.types.get(ev.type) || 0) + 1);
        bar.total += 1;
      }
    }
    this.draw();
  }

  /** The first day of the bar ``day`` falls in. */
  start(day) {
    if (this.unit === "day") return day;
    if (this.unit === "month") return `${day.slice(0, 7)}-01`;
    const date = new Date(`${day}T00:00:00Z`);
    return new Date(date - ((date.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
  }

  /** Every bar from the one holding ``first`` to the one holding ``last``, gaps included. */
  buckets(first, last) {
    const bars = [];
    let from = this.start(first);
    while (from <= last) {
      const date = new Date(`${from}T00:00:00Z`);
      let next;
      if (this.unit === "month") next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
      else next = new Date(date.getTime() + (this.unit === "week" ? 7 : 1) * DAY_MS);
      const to = new Date(next - DAY_MS).toISOString().slice(0, 10);
      const label = this.unit === "month" ? from.slice(0, 7) : this.unit === "week" ? `week of ${from}` : from;
      bars.push({ from, to, label, types: new Map(), total: 0 });
      from = next.toISOString().slice(0, 10);
    }
    return bars;
  }

  layout() {
    const width = this.canvas.clientWidth, height = this.canvas.clientHeight;
    const left = 30, bottom = 18, top = 8;
    const step = this.bars.length ? (width - left - 8) / this.bars.length : 0;
    return { width, height, left, bottom, top, step };
  }

  draw() {
    const ctx = this.canvas.getContext("2d");
    const ratio = window.devicePixelRatio || 1;
    const { width, height, left, bottom, top, step } = this.layout();
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#667085";
    if (!this.bars.length) {
      ctx.fillText("no dated events", left, height / 2);
      return;
    }
    const max = Math.max(...this.bars.map((b) => b.total));
    const scale = (height - top - bottom) / max;
    ctx.strokeStyle = "#d9dde3";
    ctx.beginPath();
    ctx.moveTo(left, height - bottom + 0.5);
    ctx.lineTo(width - 8, height - bottom + 0.5);
    ctx.stroke();
    ctx.fillText(String(max), 4, top + 9);
    ctx.fillText(`per ${this.unit}`, 4, top + 22);
    const barWidth = Math.max(1, step - (step > 4 ? 2 : 0));
    this.bars.forEach((b, i) => {
      let y = height - bottom;
      const x = left + i * step;
      if (this.picked === b) {
        ctx.fillStyle = "#ffe0b2";
        ctx.fillRect(x - 1, top, barWidth + 2, height - top - bottom);
      }
      for (const [type, n] of [...b.types.entries()].sort()) {
        ctx.fillStyle = EW.colour(type);
        ctx.fillRect(x, y - n * scale, barWidth, n * scale);
        y -= n * scale;
      }
    });
    this.labels(ctx, step, left, height);
  }

  /** Date labels under the bars that have events, never overlapping. */
  labels(ctx, step, left, height) {
    ctx.fillStyle = "#667085";
    let nextFree = left;
    this.bars.forEach((b, i) => {
      const text = this.unit === "month" ? b.from.slice(0, 7) : b.from;
      const x = Math.max(left, left + i * step + step / 2 - ctx.measureText(text).width / 2);
      if (x >= nextFree && b.total && x + ctx.measureText(text).width < this.canvas.clientWidth) {
        ctx.fillText(text, x, height - 4);
        nextFree = x + ctx.measureText(text).width + 12;
      }
    });
  }

  barAt(event) {
    const { left, step } = this.layout();
    const rect = this.canvas.getBoundingClientRect();
    const i = Math.floor((event.clientX - rect.left - left) / step);
    return i >= 0 && i < this.bars.length ? this.bars[i] : null;
  }

  click(event) {
    const bar = this.barAt(event);
    if (!bar || !bar.total) return;
    this.picked = this.picked === bar ? null : bar;
    this.draw();
    this.onPick(this.picked && { from: this.picked.from, to: this.picked.to, label: this.picked.label });
  }
}
