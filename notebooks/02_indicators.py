# %% [markdown]
# # 分类指标：速度、预测与图表
#
# 每项指标的基期、目标、所需速度（按读者熟悉的单位）、以往速度、推算值、评估结论和理由；只为至少有两个数据点（正文历史值、基期值、实际值）的指标画图，另有一张全部目标较基期变化的总图。

# %% tags=["parameters"]
year: int = 2021  # report year: actuals up to this year are used
lang: str = "zh"  # language of tables, texts and charts: "zh" (Chinese) or "en" (English)
actuals: str = ""  # actual values: the workbook of `jzanalysis template` (.xlsx) or a long CSV (id,year,value[,source,note]); empty: none, plan-time assessment only
plan: str = ""  # plan folder with plan.yaml (or a plan text); empty: the plan bundled with jzanalysis
category: str = ""  # one category of Table 1-1, e.g. "幼有所育"; empty: all categories

# %%
from IPython.display import HTML, Markdown, display

from jzanalysis.publish import notebook as nb

# the analysis (loaded on first use: `analysis.assessment`, ...); under `jzanalysis report` the run's, and
# every output below is the one the run made once for its pages, else computed here
analysis = nb.analysis(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
display(Markdown(nb.inputs_md(analysis, year, lang)))
display(HTML(nb.illustrative_banner(analysis, lang)))
selected = nb.categories(analysis, category)
charted = set(nb.chart_ids(analysis))
# charts as SVG (jzanalysis.publish.svgchart, no matplotlib); under `jzanalysis report` the ones its run
# drew once for this notebook, the pages and the PDF
charts = nb.Charts(lang)

# %%
if not category and not nb.is_final(analysis):  # no plan-time chart in a final report
    charts.show("__categories__", nb.category_chart, analysis, lang)

# %%
for cat in selected:
    display(Markdown(nb.category_heading(analysis, cat, lang)))
    for ident in nb.indicators(analysis, cat):
        display(HTML(nb.fragment(analysis, "indicator", lang, ids=[ident])))
        if ident in charted:
            charts.show(ident, nb.indicator_chart, analysis, ident, lang)
