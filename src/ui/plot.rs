//! A braille plot that draws exactly what ratatui's `Canvas` draws for lines, points, layers
//! and labels (a test compares them cell for cell), at a fraction of the cost.
//!
//! `Canvas` re-styles every cell of its area, then walks every cell of every layer, for every
//! frame: two thirds of the timeline's frame. This plot keeps the painted cells of each layer
//! and writes only those.

use line_clipping::{LineSegment, Point, Window, cohen_sutherland};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::braille::BRAILLE;
use ratatui::text::Line;

/// Braille dots per cell: 2 across, 4 down.
const W: usize = 2;
const H: usize = 4;

/// A painted cell of a layer: its index in the area, its dots and their colour.
#[derive(Clone, Copy, Debug)]
struct Painted {
    index: usize,
    pattern: u8,
    color: Color,
}

/// A plot over `area` with world coordinates `x_bounds` × `y_bounds`.
pub struct Plot<'a> {
    area: Rect,
    x_bounds: [f64; 2],
    y_bounds: [f64; 2],
    /// The current layer: dots and colour per cell, and which cells have any.
    grid: Vec<(u8, Option<Color>)>,
    painted: Vec<usize>,
    dirty: bool,
    layers: Vec<Vec<Painted>>,
    /// Labels in the order printed.
    labels: Vec<Label<'a>>,
    /// Cells of the lines labels must not cover (see [`Plot::protect`]).
    protected: Vec<bool>,
}

/// A label at a world point: the placements to try, in order.
struct Label<'a> {
    x: f64,
    y: f64,
    /// Each text with where it sits: starting at the point, or ending at it.
    options: Vec<(Anchor, Line<'a>)>,
    /// Gives way to labels printed before it.
    clear: bool,
    /// Also gives way to the protected lines.
    beside_lines: bool,
}

/// Where a label sits against its point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchor {
    /// Its first cell at the point ("•GPT-4" right of a run).
    Start,
    /// Its last cell at the point ("GPT-4•" left of it).
    End,
}

impl<'a> Plot<'a> {
    pub fn new(area: Rect, x_bounds: [f64; 2], y_bounds: [f64; 2]) -> Plot<'a> {
        Plot {
            area,
            x_bounds,
            y_bounds,
            grid: vec![(0, None); usize::from(area.width) * usize::from(area.height)],
            painted: Vec::new(),
            dirty: false,
            layers: Vec::new(),
            labels: Vec::new(),
            protected: vec![false; usize::from(area.width) * usize::from(area.height)],
        }
    }

    /// The dot for world point (x, y), as `canvas::Painter::get_point`.
    fn dot(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let [left, right] = self.x_bounds;
        let [bottom, top] = self.y_bounds;
        if x < left || x > right || y < bottom || y > top {
            return None;
        }
        let (width, height) = (right - left, top - bottom);
        if width <= 0.0 || height <= 0.0 {
            return None;
        }
        let res_x = f64::from(self.area.width) * W as f64;
        let res_y = f64::from(self.area.height) * H as f64;
        let x = ((x - left) * (res_x - 1.0) / width).round() as usize;
        let y = ((top - y) * (res_y - 1.0) / height).round() as usize;
        Some((x, y))
    }

    /// As `canvas::PatternGrid::paint` for braille.
    fn paint(&mut self, x: usize, y: usize, color: Color) {
        let index = (y / H)
            .saturating_mul(usize::from(self.area.width))
            .saturating_add(x / W);
        if let Some(cell) = self.grid.get_mut(index) {
            if cell.0 == 0 {
                self.painted.push(index);
            }
            cell.0 |= 1u8 << ((x % W) + W * (y % H));
            cell.1 = Some(color);
        }
    }

    /// `ctx.draw(&canvas::Line { .. })`: clipped to the bounds, then Bresenham in dots.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), color: Color) {
        self.dirty = true;
        let [xmin, xmax] = self.x_bounds;
        let [ymin, ymax] = self.y_bounds;
        let Some(LineSegment { p1, p2 }) = cohen_sutherland::clip_line(
            LineSegment::new(Point::new(x1, y1), Point::new(x2, y2)),
            Window::new(xmin, xmax, ymin, ymax),
        ) else {
            return;
        };
        let (Some(a), Some(b)) = (self.dot(p1.x, p1.y), self.dot(p2.x, p2.y)) else {
            return;
        };
        for_each_line_point(a, b, |x, y| self.paint(x, y, color));
    }

    /// `ctx.draw(&canvas::Points { .. })`.
    pub fn points(&mut self, coords: &[(f64, f64)], color: Color) {
        self.dirty = true;
        for &(x, y) in coords {
            if let Some((x, y)) = self.dot(x, y) {
                self.paint(x, y, color);
            }
        }
    }

    /// `ctx.layer()`: what follows is drawn over what came before.
    pub fn layer(&mut self) {
        let mut layer = Vec::with_capacity(self.painted.len());
        for &index in &self.painted {
            if let Some((pattern, Some(color))) = self.grid.get(index).copied() {
                layer.push(Painted {
                    index,
                    pattern,
                    color,
                });
            }
            if let Some(cell) = self.grid.get_mut(index) {
                *cell = (0, None);
            }
        }
        self.painted.clear();
        self.layers.push(layer);
        self.dirty = false;
    }

    /// `ctx.print(x, y, line)`: a label at a world point, drawn after every layer (as Canvas
    /// does, labels may cover each other: the cell-for-cell check against Canvas uses it).
    #[cfg(test)]
    pub fn print(&mut self, x: f64, y: f64, line: Line<'a>) {
        self.labels.push(Label {
            x,
            y,
            options: vec![(Anchor::Start, line)],
            clear: false,
            beside_lines: false,
        });
    }

    /// A label that never covers another: shifted left to fit the area, and left out where it
    /// would touch a label printed before it (so print the important ones first).
    pub fn print_clear(&mut self, x: f64, y: f64, line: Line<'a>) {
        self.labels.push(Label {
            x,
            y,
            options: vec![(Anchor::Start, line)],
            clear: true,
            beside_lines: false,
        });
    }

    /// The cells painted so far on the current layer become ones that labels printed with
    /// [`Plot::print_beside_lines`] keep off: a trend line stays whole under its labels.
    pub fn protect(&mut self) {
        for &i in &self.painted {
            if let Some(p) = self.protected.get_mut(i) {
                *p = true;
            }
        }
    }

    /// A label that covers neither another label nor a protected line: the first of `options`
    /// that fits, or none.
    pub fn print_beside_lines(&mut self, x: f64, y: f64, options: Vec<(Anchor, Line<'a>)>) {
        self.labels.push(Label {
            x,
            y,
            options,
            clear: true,
            beside_lines: true,
        });
    }

    /// Draws the layers and then the labels into `buf`, as `Canvas::render` does (less its
    /// reset of the area's background, which is blank in a fresh frame).
    pub fn render(mut self, buf: &mut Buffer) {
        let area = self.area;
        if area.is_empty() {
            return;
        }
        if self.dirty {
            self.layer();
        }
        let width = usize::from(area.width);
        for layer in &self.layers {
            for p in layer {
                let (x, y) = (
                    (p.index % width) as u16 + area.left(),
                    (p.index / width) as u16 + area.top(),
                );
                if let Some(cell) = buf.cell_mut((x, y)) {
                    cell.set_char(BRAILLE[usize::from(p.pattern)]);
                    cell.set_fg(p.color);
                }
            }
        }
        let [left, right] = self.x_bounds;
        let [bottom, top] = self.y_bounds;
        let (width, height) = ((right - left).abs(), (top - bottom).abs());
        let res = (f64::from(area.width - 1), f64::from(area.height - 1));
        // Cells taken by labels that keep clear of each other, row by row.
        let mut taken = vec![false; usize::from(area.width) * usize::from(area.height)];
        for label in &self.labels {
            let (x, y) = (label.x, label.y);
            if !(x >= left && x <= right && y <= top && y >= bottom) {
                continue;
            }
            let at = ((x - left) * res.0 / width) as u16 + area.left();
            let y = ((top - y) * res.1 / height) as u16 + area.top();
            let row = usize::from(y - area.top()) * usize::from(area.width);
            let placed = label.options.iter().find_map(|(anchor, line)| {
                let w = line.width() as u16;
                let x = match anchor {
                    Anchor::Start => at,
                    Anchor::End => (at + 1).checked_sub(w)?.max(area.left()),
                };
                if !label.clear {
                    return Some((x, line));
                }
                if w >= area.width {
                    return None;
                }
                // A column stays free before the edge: a word touching it reads as cut.
                let x = x.min(area.right() - w - 1);
                let (a, b) = (
                    usize::from(x - area.left()),
                    usize::from(x - area.left() + w),
                );
                let cells = &taken[row..row + usize::from(area.width)];
                // One blank cell on either side, so two labels never read as one.
                let touches = cells[a.saturating_sub(1)..(b + 1).min(cells.len())]
                    .iter()
                    .any(|&t| t);
                let covers =
                    label.beside_lines && self.protected[row + a..row + b].iter().any(|&p| p);
                (!touches && !covers).then_some((x, line))
            });
            let Some((x, line)) = placed else {
                continue;
            };
            if label.clear {
                let a = row + usize::from(x - area.left());
                taken[a..a + line.width()]
                    .iter_mut()
                    .for_each(|t| *t = true);
            }
            buf.set_line(x, y, line, area.right() - x);
        }
    }
}

/// The dots of a line from `a` to `b`, as `canvas::line::for_each_line_point`.
fn for_each_line_point(
    (x1, y1): (usize, usize),
    (x2, y2): (usize, usize),
    mut f: impl FnMut(usize, usize),
) {
    let dx = x2.abs_diff(x1);
    let dy = y2.abs_diff(y1);
    if dx == 0 {
        for y in y1.min(y2)..=y1.max(y2) {
            f(x1, y);
        }
    } else if dy == 0 {
        for x in x1.min(x2)..=x1.max(x2) {
            f(x, y1);
        }
    } else if dy < dx {
        if x1 > x2 {
            line_low((x2, y2), (x1, y1), f);
        } else {
            line_low((x1, y1), (x2, y2), f);
        }
    } else if y1 > y2 {
        line_high((x2, y2), (x1, y1), f);
    } else {
        line_high((x1, y1), (x2, y2), f);
    }
}

/// Bresenham for shallow lines, `x1 <= x2`: one dot per column.
fn line_low((x1, y1): (usize, usize), (x2, y2): (usize, usize), mut f: impl FnMut(usize, usize)) {
    let dx = (x2 - x1) as isize;
    let dy = (y2 as isize - y1 as isize).abs();
    let mut d = 2 * dy - dx;
    let mut y = y1;
    for x in x1..=x2 {
        f(x, y);
        if d > 0 {
            y = if y1 > y2 {
                y.saturating_sub(1)
            } else {
                y.saturating_add(1)
            };
            d -= 2 * dx;
        }
        d += 2 * dy;
    }
}

/// `line_low` with the axes swapped: steep lines step along y.
fn line_high((x1, y1): (usize, usize), (x2, y2): (usize, usize), mut f: impl FnMut(usize, usize)) {
    line_low((y1, x1), (y2, x2), |y, x| f(x, y));
}

#[cfg(test)]
mod tests {

    #[test]
    fn clear_labels_never_cover_each_other_and_fit_the_area() {
        let area = Rect::new(0, 0, 20, 3);
        let mut buf = Buffer::empty(area);
        let mut p = Plot::new(area, [0.0, 1.0], [0.0, 1.0]);
        p.print_clear(0.0, 1.0, Line::raw("first label"));
        // Starts inside "first label": left out.
        p.print_clear(0.2, 1.0, Line::raw("second"));
        // At the right edge: shifted left to fit, a column kept free before the edge.
        p.print_clear(1.0, 0.0, Line::raw("edge"));
        p.render(&mut buf);
        let row =
            |y: u16| -> String { (0..20).map(|x| buf[(x, y)].symbol().to_string()).collect() };
        assert_eq!(row(0).trim_end(), "first label");
        assert_eq!(row(2), format!("{:>19} ", "edge"));
    }
    /// A label that would cover a protected line takes its other placement, or is left out.
    #[test]
    fn labels_beside_lines_keep_off_protected_cells() {
        let area = Rect::new(0, 0, 20, 1);
        let mut buf = Buffer::empty(area);
        let mut p = Plot::new(area, [0.0, 19.0], [0.0, 1.0]);
        // A short protected line from x = 12 to 15 on the only row.
        p.line((12.0, 0.0), (15.0, 0.0), Color::Cyan);
        p.protect();
        let both = |s: &'static str| {
            vec![
                (Anchor::Start, Line::raw(format!("•{s}"))),
                (Anchor::End, Line::raw(format!("{s}•"))),
            ]
        };
        // Right of x = 9 it would cover the line: it ends at its point instead.
        p.print_beside_lines(9.0, 0.0, both("abcd"));
        // Inside the line either way: left out.
        p.print_beside_lines(13.0, 0.0, vec![(Anchor::Start, Line::raw("xy"))]);
        p.render(&mut buf);
        let row: String = (0..20).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(row.starts_with("     abcd•"), "{row:?}");
        assert!(!row.contains('x'), "{row:?}");
        assert_eq!(
            row.chars()
                .filter(|c| ('\u{2800}'..='\u{28ff}').contains(c))
                .count(),
            4
        );
    }

    use super::*;
    use ratatui::symbols::Marker;
    use ratatui::widgets::Widget;
    use ratatui::widgets::canvas::{Canvas, Line as CanvasLine, Points};

    /// What one plot is asked to draw.
    #[derive(Clone, Debug)]
    enum Shape {
        Line((f64, f64), (f64, f64), Color),
        Points(Vec<(f64, f64)>, Color),
        Layer,
        Label(f64, f64, &'static str),
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        /// Uniform in [lo, hi), now and then exactly an end or just outside it.
        fn f(&mut self, lo: f64, hi: f64) -> f64 {
            match self.next() % 10 {
                0 => lo,
                1 => hi,
                2 => lo - (hi - lo) * 0.3,
                3 => hi + (hi - lo) * 0.3,
                _ => lo + (hi - lo) * (self.next() % 10_000) as f64 / 10_000.0,
            }
        }
    }

    #[test]
    fn draws_what_ratatui_canvas_draws() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let colors = [Color::Cyan, Color::Magenta, Color::Reset, Color::Green];
        let mut drawn = 0;
        for case in 0..3000 {
            let area = Rect::new(
                (rng.next() % 5) as u16,
                (rng.next() % 3) as u16,
                (rng.next() % 70) as u16,
                (rng.next() % 25) as u16,
            );
            let x0 = 2015.0 + (rng.next() % 10) as f64;
            let y0 = 20.0 + (rng.next() % 5) as f64;
            // Mostly proper bounds; sometimes empty or reversed ones, which draw nothing.
            let (x1, y1) = match case % 17 {
                0 => (x0, y0 + 3.0),
                1 => (x0 - 1.0, y0 + 3.0),
                _ => (
                    x0 + 1.0 + (rng.next() % 12) as f64,
                    y0 + 1.0 + (rng.next() % 8) as f64,
                ),
            };
            let shapes: Vec<Shape> = (0..rng.next() % 12)
                .map(|_| {
                    let color = colors[(rng.next() % 4) as usize];
                    match rng.next() % 5 {
                        0 | 1 => Shape::Line(
                            (rng.f(x0, x1), rng.f(y0, y1)),
                            (rng.f(x0, x1), rng.f(y0, y1)),
                            color,
                        ),
                        2 => Shape::Points(
                            (0..rng.next() % 20)
                                .map(|_| (rng.f(x0, x1), rng.f(y0, y1)))
                                .collect(),
                            color,
                        ),
                        3 => Shape::Layer,
                        _ => Shape::Label(rng.f(x0, x1), rng.f(y0, y1), "◆ label"),
                    }
                })
                .collect();
            let full = Rect::new(0, 0, 80, 30);
            let mut want = Buffer::empty(full);
            let mut got = Buffer::empty(full);
            Canvas::default()
                .marker(Marker::Braille)
                .x_bounds([x0, x1])
                .y_bounds([y0, y1])
                .paint(|ctx| {
                    for s in &shapes {
                        match s {
                            Shape::Line((ax, ay), (bx, by), color) => ctx.draw(&CanvasLine {
                                x1: *ax,
                                y1: *ay,
                                x2: *bx,
                                y2: *by,
                                color: *color,
                            }),
                            Shape::Points(coords, color) => ctx.draw(&Points {
                                coords,
                                color: *color,
                            }),
                            Shape::Layer => ctx.layer(),
                            Shape::Label(x, y, text) => ctx.print(*x, *y, Line::raw(*text)),
                        }
                    }
                })
                .render(area, &mut want);
            let mut plot = Plot::new(area, [x0, x1], [y0, y1]);
            for s in &shapes {
                match s {
                    Shape::Line(a, b, color) => plot.line(*a, *b, *color),
                    Shape::Points(coords, color) => plot.points(coords, *color),
                    Shape::Layer => plot.layer(),
                    Shape::Label(x, y, text) => plot.print(*x, *y, Line::raw(*text)),
                }
            }
            plot.render(&mut got);
            assert_eq!(got, want, "case {case}: {area:?} {shapes:?}");
            drawn += usize::from(want != Buffer::empty(full));
        }
        // Most cases draw something: the comparison is not of empty buffers.
        assert!(drawn > 2000, "{drawn} of 3000 cases drew anything");
    }
}
