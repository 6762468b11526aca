/* plot.c - the report's charts (plot.h), drawn with svg.h on chart.h's geometry. */
#include "format/plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format/chart.h"
#include "format/svg.h"

/* Points of each violin's density curve: smooth at 440 px, and 48 x 2 numbers per violin. */
#define KDE_POINTS 48

static size_t stride_of(size_t n)
{
    return n > BR_PLOT_MAX_DOTS ? (n + BR_PLOT_MAX_DOTS - 1) / BR_PLOT_MAX_DOTS : 1;
}

/* "title" or "title (one sample in 3 of 6000 shown)". */
static void open_titled(struct br_strbuf *sb, double w, double h, const char *title, size_t n)
{
    char full[512];
    size_t k = stride_of(n);
    if (k > 1)
        snprintf(full, sizeof full, "%s (one sample in %zu of %zu shown)", title, k, n);
    else
        snprintf(full, sizeof full, "%s", title);
    br_svg_open(sb, w, h, full);
}

/* ---- distribution -------------------------------------------------------------------------- */

struct shape {
    double grid[KDE_POINTS], dens[KDE_POINTS];
};

static double density(const struct br_plot_set *set, struct shape *sh)
{
    const struct br_summary *s = set->s;
    double h = br_kde_bandwidth(s->stddev, s->q1, s->q3, s->median, set->n), peak = 0;
    for (size_t g = 0; g < KDE_POINTS; g++)
        sh->grid[g] = s->min + (s->max - s->min) * (double)g / (KDE_POINTS - 1);
    br_kde(set->x, set->n, h, sh->grid, KDE_POINTS, sh->dens);
    for (size_t g = 0; g < KDE_POINTS; g++)
        if (sh->dens[g] > peak) peak = sh->dens[g];
    return peak;
}

/* The violin's outline: out along one side (dir -1 up, +1 down) and back along the other side
 * (or along the centre line for a half violin).  k scales density to pixels. */
static void violin(struct br_strbuf *sb, const struct br_axis *ax, const struct shape *sh,
                   double yc, double k, int dir, const char *cls)
{
    br_svg_path_begin(sb, cls);
    for (size_t g = 0; g < KDE_POINTS; g++)
        br_svg_path_point(sb, br_scale_map(&ax->scale, sh->grid[g]),
                          yc + (dir ? dir : -1) * k * sh->dens[g], g == 0);
    for (size_t g = KDE_POINTS; g-- > 0;)
        br_svg_path_point(sb, br_scale_map(&ax->scale, sh->grid[g]),
                          dir ? yc : yc + k * sh->dens[g], 0);
    br_svg_path_end(sb, 1);
}

/* Box, median and the strip of samples of one set; dir as in violin(), hh the half height. */
static void box_and_strip(struct br_strbuf *sb, const struct br_axis *ax,
                          const struct br_plot_set *set, double yc, double hh, int dir, int idx)
{
    const struct br_summary *s = set->s;
    char cls[8];
    double x1 = br_scale_map(&ax->scale, s->q1), x3 = br_scale_map(&ax->scale, s->q3);
    double xm = br_scale_map(&ax->scale, s->median);
    double b0 = dir > 0 ? yc + 1 : dir < 0 ? yc - 7 : yc - 4, bh = dir ? 6 : 8;
    snprintf(cls, sizeof cls, "d%d", idx);
    br_svg_dots_begin(sb, cls);
    for (size_t i = 0; i < set->n; i += stride_of(set->n)) {
        double j = br_jitter(i); /* [-0.5, 0.5) */
        double y = dir ? yc + dir * (3 + (j + 0.5) * (hh - 4)) : yc + j * hh * 1.2;
        br_svg_dot(sb, br_scale_map(&ax->scale, set->x[i]), y);
    }
    br_svg_dots_end(sb);
    snprintf(cls, sizeof cls, "b%d", idx);
    br_svg_rect(sb, x1, b0, x3 - x1, bh, cls);
    br_svg_line(sb, xm, dir > 0 ? yc : yc - 10, xm, dir < 0 ? yc : yc + 10, "med");
}

void br_plot_distribution(struct br_strbuf *sb, const struct br_plot_set *sets, size_t nsets,
                          const char *title)
{
    const double w = 440, h = nsets > 1 ? 150 : 110, axis_y = h - 20, hh = nsets > 1 ? 58 : 40;
    const double yc = nsets > 1 ? 68 : 46;
    struct shape sh[2];
    struct br_axis ax;
    double lo = sets[0].s->min, hi = sets[0].s->max, peak = 0;
    nsets = nsets > 2 ? 2 : nsets;
    for (size_t i = 0; i < nsets; i++) {
        lo = fmin(lo, sets[i].s->min);
        hi = fmax(hi, sets[i].s->max);
        peak = fmax(peak, density(&sets[i], &sh[i]));
    }
    br_axis_time(&ax, lo, hi, 28, w - 28, 0);
    open_titled(sb, w, h, title, sets[0].n);
    br_svg_xaxis(sb, &ax, axis_y, 4);
    for (size_t i = 0; i < nsets; i++) {
        int dir = nsets > 1 ? (i ? 1 : -1) : 0;
        char cls[8];
        snprintf(cls, sizeof cls, "v%zu", i);
        /* A violin of identical samples has no width: its box and median still show it. */
        if (peak > 0 && sets[i].s->max > sets[i].s->min)
            violin(sb, &ax, &sh[i], yc, hh / peak * (dir ? 1 : 0.999), dir, cls);
        box_and_strip(sb, &ax, &sets[i], yc, hh, dir, (int)i);
    }
    br_svg_close(sb);
}

/* ---- samples in order ------------------------------------------------------------------ */

void br_plot_order(struct br_strbuf *sb, const struct br_plot_set *set, const char *title)
{
    const double w = 440, h = 110, left = 56, top = 6, bottom = h - 20;
    const struct br_summary *s = set->s;
    struct br_axis ax, ay;
    double iqr = s->q3 - s->q1, fence[2] = {s->q1 - 1.5 * iqr, s->q3 + 1.5 * iqr};
    br_axis_linear(&ax, 1, set->n > 1 ? (double)set->n : 2, left, w - 8, 1, "");
    br_axis_time(&ay, s->min, s->max, bottom, top, 0);
    open_titled(sb, w, h, title, set->n);
    br_svg_xaxis(sb, &ax, bottom, top);
    br_svg_yaxis(sb, &ay, left, w - 8);
    for (int f = 0; f < 2; f++)
        if (fence[f] > ay.scale.d0 && fence[f] < ay.scale.d1)
            br_svg_line(sb, left, br_scale_map(&ay.scale, fence[f]), w - 8,
                        br_scale_map(&ay.scale, fence[f]), "fence");
    br_svg_line(sb, left, br_scale_map(&ay.scale, s->median), w - 8,
                br_scale_map(&ay.scale, s->median), "med");
    for (int outliers = 0; outliers < 2; outliers++) {
        br_svg_dots_begin(sb, outliers ? "out" : "d0");
        for (size_t i = 0; i < set->n; i += stride_of(set->n)) {
            int beyond = set->x[i] < fence[0] || set->x[i] > fence[1];
            if (beyond == outliers)
                br_svg_dot(sb, br_scale_map(&ax.scale, (double)(i + 1)),
                           br_scale_map(&ay.scale, set->x[i]));
        }
        br_svg_dots_end(sb);
    }
    br_svg_close(sb);
}

/* ---- changes ---------------------------------------------------------------------------- */

/* At most `max` bytes of `name` (cut at a UTF-8 character boundary) and an ellipsis. */
static const char *shorten(const char *name, char *buf, size_t size, size_t max)
{
    size_t len = strlen(name);
    if (len <= max || size < max + 4) return name;
    while (max > 0 && ((unsigned char)name[max] & 0xC0) == 0x80) max--;
    memcpy(buf, name, max);
    memcpy(buf + max, "\xE2\x80\xA6", 4); /* U+2026 and the NUL */
    return buf;
}

static void change_row(struct br_strbuf *sb, const struct br_axis *ax,
                       const struct br_plot_change *r, double y, double label_w)
{
    char buf[64], kind[48], dot[52];
    br_svg_text(sb, label_w - 8, y + 4, "lbl", "end", shorten(r->name, buf, sizeof buf, 40));
    snprintf(kind, sizeof kind, "k-%s", r->kind);
    snprintf(dot, sizeof dot, "k-%s pt", r->kind);
    if (!isfinite(r->delta_pct)) {
        br_svg_text(sb, br_scale_map(&ax->scale, 0) + 6, y + 4, "tick", "start", "no ratio");
        return;
    }
    if (isfinite(r->lo_pct) && isfinite(r->hi_pct))
        br_svg_line(sb, br_scale_map(&ax->scale, r->lo_pct), y, br_scale_map(&ax->scale, r->hi_pct),
                    y, kind);
    br_svg_dots_begin(sb, dot);
    br_svg_dot(sb, br_scale_map(&ax->scale, r->delta_pct), y);
    br_svg_dots_end(sb);
}

void br_plot_changes(struct br_strbuf *sb, const struct br_plot_change *rows, size_t n,
                     double threshold_pct, const char *title)
{
    const double label_w = 260, w = label_w + 440, row_h = 16, top = 8;
    const double h = top + row_h * (double)(n ? n : 1) + 26, bottom = h - 20;
    double lo = -threshold_pct, hi = threshold_pct;
    struct br_axis ax;
    for (size_t i = 0; i < n; i++) {
        const double v[] = {rows[i].delta_pct, rows[i].lo_pct, rows[i].hi_pct};
        for (size_t k = 0; k < 3; k++)
            if (isfinite(v[k])) lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
    }
    br_axis_linear(&ax, lo, hi, label_w, w - 16, 1, "%");
    br_svg_open(sb, w, h, title);
    br_svg_rect(sb, br_scale_map(&ax.scale, -threshold_pct), top,
                br_scale_map(&ax.scale, threshold_pct) - br_scale_map(&ax.scale, -threshold_pct),
                bottom - top, "band");
    br_svg_xaxis(sb, &ax, bottom, top);
    br_svg_line(sb, br_scale_map(&ax.scale, 0), top, br_scale_map(&ax.scale, 0), bottom, "zero");
    for (size_t i = 0; i < n; i++)
        change_row(sb, &ax, &rows[i], top + row_h * ((double)i + 0.5), label_w);
    br_svg_close(sb);
}

/* ---- history -------------------------------------------------------------------------- */

struct frame {
    struct br_axis ay;
    double left, dx; /* run i is centred at left + (i + 0.5) dx */
};

static double run_x(const struct frame *f, size_t i) { return f->left + ((double)i + 0.5) * f->dx; }

static void history_values(struct br_strbuf *sb, const struct br_plot_history *h,
                           const struct frame *f)
{
    int first = 1;
    br_svg_path_begin(sb, "b0");
    for (size_t i = 0; i < h->nruns; i++)
        if (isfinite(h->q1[i]) && isfinite(h->q3[i])) {
            br_svg_path_point(sb, run_x(f, i), br_scale_map(&f->ay.scale, h->q1[i]), 1);
            br_svg_path_point(sb, run_x(f, i), br_scale_map(&f->ay.scale, h->q3[i]), 0);
        }
    br_svg_path_end(sb, 0);
    br_svg_path_begin(sb, "l0");
    for (size_t i = 0; i < h->nruns; i++) {
        if (!isfinite(h->median[i])) { /* a run without this benchmark: a gap */
            first = 1;
            continue;
        }
        br_svg_path_point(sb, run_x(f, i), br_scale_map(&f->ay.scale, h->median[i]), first);
        first = 0;
    }
    br_svg_path_end(sb, 0);
    br_svg_dots_begin(sb, "d0");
    for (size_t i = 0; i < h->nruns; i++)
        if (isfinite(h->median[i]))
            br_svg_dot(sb, run_x(f, i), br_scale_map(&f->ay.scale, h->median[i]));
    br_svg_dots_end(sb);
}

static void history_levels(struct br_strbuf *sb, const struct br_plot_history *h,
                           const struct frame *f)
{
    if (!h->level) return;
    br_svg_path_begin(sb, "level");
    for (size_t i = 0; i < h->nruns; i++)
        if (isfinite(h->level[i])) {
            double y = br_scale_map(&f->ay.scale, h->level[i]);
            br_svg_path_point(sb, run_x(f, i) - f->dx / 2, y, 1);
            br_svg_path_point(sb, run_x(f, i) + f->dx / 2, y, 0);
        }
    br_svg_path_end(sb, 0);
}

static void history_labels(struct br_strbuf *sb, const struct br_plot_history *h,
                           const struct frame *f, double top, double bottom)
{
    /* A label every ~70 px, so that commit hashes do not overlap. */
    size_t every = (size_t)ceil(70 / f->dx);
    every = every ? every : 1;
    for (size_t i = 0; i < h->nruns; i += every)
        br_svg_text(sb, run_x(f, i), bottom + 14, "tick", "middle", h->run_labels[i]);
    for (size_t c = 0; c < h->ncps; c++) {
        double x = run_x(f, h->cps[c]) - f->dx / 2;
        br_svg_line(sb, x, top, x, bottom, "cp");
        /* Alternate rows so that neighbouring change points stay readable. */
        br_svg_text(sb, x, top - 4 - (double)(c % 2) * 11, "cpt", "middle", h->cp_labels[c]);
    }
}

void br_plot_history(struct br_strbuf *sb, const struct br_plot_history *h, const char *title)
{
    const double w = 880, hgt = 200, top = 30, bottom = hgt - 30;
    double lo = INFINITY, hi = -INFINITY;
    struct frame f = {.left = 64};
    for (size_t i = 0; i < h->nruns; i++) {
        const double v[] = {h->median[i], h->q1[i], h->q3[i], h->level ? h->level[i] : NAN};
        for (size_t k = 0; k < 4; k++)
            if (isfinite(v[k])) lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
    }
    if (!(lo <= hi)) lo = hi = 0;
    f.dx = (w - 12 - f.left) / (double)(h->nruns ? h->nruns : 1);
    br_axis_time(&f.ay, lo, hi, bottom, top, 0);
    br_svg_open(sb, w, hgt, title);
    br_svg_yaxis(sb, &f.ay, f.left, w - 12);
    history_levels(sb, h, &f);
    history_values(sb, h, &f);
    history_labels(sb, h, &f, top, bottom);
    br_svg_close(sb);
}

/* ---- families -------------------------------------------------------------------------- */

/* Whether values in [lo, hi] deserve a log axis: positive and spanning a factor of 4. */
static int wants_log(double lo, double hi) { return lo > 0 && hi / lo >= 4; }

static void family_line(struct br_strbuf *sb, const struct br_plot_line *l,
                        const struct br_axis *ax, const struct br_axis *ay, size_t idx)
{
    char cls[8];
    snprintf(cls, sizeof cls, "b%zu", idx);
    br_svg_path_begin(sb, cls);
    for (size_t i = 0; i < l->n; i++) {
        double x = br_scale_map(&ax->scale, l->arg[i]);
        br_svg_path_point(sb, x, br_scale_map(&ay->scale, l->q1[i]), 1);
        br_svg_path_point(sb, x, br_scale_map(&ay->scale, l->q3[i]), 0);
    }
    br_svg_path_end(sb, 0);
    snprintf(cls, sizeof cls, "l%zu", idx);
    br_svg_path_begin(sb, cls);
    for (size_t i = 0; i < l->n; i++)
        br_svg_path_point(sb, br_scale_map(&ax->scale, l->arg[i]),
                          br_scale_map(&ay->scale, l->median[i]), i == 0);
    br_svg_path_end(sb, 0);
    snprintf(cls, sizeof cls, "d%zu", idx);
    br_svg_dots_begin(sb, cls);
    for (size_t i = 0; i < l->n; i++)
        br_svg_dot(sb, br_scale_map(&ax->scale, l->arg[i]), br_scale_map(&ay->scale, l->median[i]));
    br_svg_dots_end(sb);
}

static void family_fit(struct br_strbuf *sb, const struct br_curve *fit, const struct br_axis *ax,
                       const struct br_axis *ay)
{
    br_svg_path_begin(sb, "fit");
    for (size_t i = 0; i < fit->n; i++)
        br_svg_path_point(sb, br_scale_map(&ax->scale, fit->x[i]),
                          br_scale_map(&ay->scale, fit->y[i]), i == 0);
    br_svg_path_end(sb, 0);
}

/* Legend entries at the top left: each line's label, then the fit's. */
static void family_legend(struct br_strbuf *sb, const struct br_plot_line *lines, size_t nlines,
                          const struct br_curve *fit, double x, double y)
{
    char cls[8];
    for (size_t i = 0; i <= nlines; i++, y += 13) {
        const char *label = i < nlines ? lines[i].label : fit ? fit->label : NULL;
        if (!label) continue;
        snprintf(cls, sizeof cls, "l%zu", i);
        br_svg_line(sb, x, y - 3.5, x + 16, y - 3.5, i < nlines ? cls : "fit");
        br_svg_text(sb, x + 20, y, "lbl", "start", label);
    }
}

/* An axis for values in [lo, hi] with room around them: log (a factor 1.25 either side) when
 * they span a factor of 4, else linear; `time` labels in time units. */
static void value_axis(struct br_axis *a, double lo, double hi, double r0, double r1, int time)
{
    int log = wants_log(lo, hi);
    if (log) {
        lo /= 1.25, hi *= 1.25;
    } else {
        double pad = (hi - lo) * 0.05;
        lo = lo - pad < 0 && lo >= 0 ? 0 : lo - pad, hi += pad;
    }
    if (time) {
        br_axis_time(a, lo, hi, r0, r1, log);
    } else if (log) {
        a->nticks = br_log_ticks(lo, hi, a->ticks, sizeof a->ticks / sizeof a->ticks[0]);
        br_scale_init(&a->scale, lo, hi, r0, r1, 1);
        a->div = 1, a->suffix = "";
    } else {
        br_axis_linear(a, lo, hi, r0, r1, 1, "");
    }
}

void br_plot_family(struct br_strbuf *sb, const struct br_plot_line *lines, size_t nlines,
                    const struct br_curve *fit, const char *title)
{
    const double w = 440, h = 210, left = 64, top = 8, bottom = h - 34;
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    struct br_axis ax, ay;
    nlines = nlines > 2 ? 2 : nlines;
    for (size_t l = 0; l < nlines; l++)
        for (size_t i = 0; i < lines[l].n; i++) {
            xlo = fmin(xlo, lines[l].arg[i]), xhi = fmax(xhi, lines[l].arg[i]);
            ylo = fmin(ylo, lines[l].q1[i]), yhi = fmax(yhi, lines[l].q3[i]);
        }
    for (size_t i = 0; fit && i < fit->n; i++)
        ylo = fmin(ylo, fit->y[i]), yhi = fmax(yhi, fit->y[i]);
    value_axis(&ax, xlo, xhi, left, w - 16, 0);
    value_axis(&ay, ylo, yhi, bottom, top, 1);
    br_svg_open(sb, w, h, title);
    br_svg_xaxis(sb, &ax, bottom, top);
    br_svg_yaxis(sb, &ay, left, w - 16);
    br_svg_text(sb, w - 16, h - 4, "tick", "end", "argument");
    if (fit) family_fit(sb, fit, &ax, &ay);
    for (size_t l = 0; l < nlines; l++) family_line(sb, &lines[l], &ax, &ay, l);
    family_legend(sb, lines, nlines, fit, left + 10, top + 14);
    br_svg_close(sb);
}
