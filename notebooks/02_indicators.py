# %% [markdown]
# # 分类指标：速度、预测与图表
#
# *Indicators by category: baseline, target, required and reference pace, the reason, and a chart.*
#
# 图中：灰点＝规划正文中的历史值（空心＝由正文推算），蓝方块＝2020年基期，蓝虚线＝按参照速度推算至2025年，红线＝2025年目标，绿色区域＝满足目标的区间（“左右”的区间、上限或下限）；给出实际值时，橙线＝实际值，灰线＝从基期到目标的线性进度路径，橙色区域＝按实际速度推算的区间。

# %% tags=["parameters"]
year: int = 2021  # report year: actuals up to this year are used
lang: str = "zh"  # language of tables, texts and charts: "zh" (Chinese) or "en" (English)
actuals: str = ""  # path of the actuals CSV (id,year,value[,source,note]); empty: none, plan-time assessment only
plan: str = ""  # path of the plan text; empty: the plan bundled with jzanalysis
category: str = ""  # one category of Table 1-1, e.g. "幼有所育"; empty: all categories

# %%
from IPython.display import HTML, Markdown, display

import jzanalysis
from jzanalysis import plots

plots.setup(lang)  # Noto Sans CJK SC for Chinese in charts, white-grid style, pandas display options
analysis = jzanalysis.analyse(plan=plan or None, actuals=actuals or None, as_of=year if actuals else None)
monitored = analysis.actuals is not None
display(Markdown(plots.inputs_md(analysis, year, lang)))
display(HTML(plots.illustrative_banner(analysis, lang)))
selected = plots.select_categories(analysis, category)
rows = plots.table_rows(analysis.assessment)

# %%
for cat in selected:
    display(Markdown(f"## {plots.category_title(analysis, cat, lang)}"))
    for _, row in rows[rows["category"] == cat].iterrows():
        display(Markdown(plots.indicator_md(row, lang)))
        plots.show_indicator_chart(analysis, row["id"], lang)
