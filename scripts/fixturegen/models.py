"""Figure models of the seed departments, 2024 and 2023.

The 2024 models carry the seeds' own figures. The 2023 models are written so that every
"比上年增加/减少 X" of the 2024 seed holds: prior = current - stated change (the sums
noted beside each figure), and the rest of the 2023 account is filled in consistently.
"""

from __future__ import annotations

import dataclasses

from .account import Item, Model

GPS = "一般公共服务支出"
SOC = "社会保障和就业支出"
PEN = "行政事业单位养老支出"


def seed000_2024(name: str = "中共乌鲁木齐市委员会机构编制委员会办公室") -> Model:
    org = "组织事务"
    return Model(
        department=name,
        year=2024,
        personnel=635.00,
        public=48.09,
        project_gb=18.44,
        items=[
            Item(GPS, "党委办公厅（室）及相关机构事务", "行政运行", 2.12, 0.00),
            Item(GPS, org, "行政运行", 480.36, 478.99),
            Item(GPS, org, "一般行政管理事务", 18.44, 22.27, project=True),
            Item(GPS, org, "事业运行", 104.33, 106.17),
            Item(SOC, PEN, "行政单位离退休", 11.46, 8.96),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 66.73, 64.52),
            Item(SOC, PEN, "机关事业单位职业年金缴费支出", 18.09, 18.45),
        ],
        carryover_begin=0.07,
        vehicle_operation=7.90,
        procurement_goods=3.09,
        procurement_services=11.36,
        sme_share=65.05,
        budget_initial=694.05,
        staff=51,
        vehicles=4,
    )


def seed000_2023(name: str = "中共乌鲁木齐市委员会机构编制委员会办公室") -> Model:
    """income_total 701.60-0.83=700.77; fiscal 701.53-2.18=699.35; 三公 7.90-0.49=7.41;
    机关运行经费 48.09-1.68=46.41; 年末结转 0.07 = 2024's 年初结转."""
    cur = seed000_2024(name)
    items = [dataclasses.replace(i, value=i.prev, prev=None) for i in cur.items]  # type: ignore[arg-type]
    return dataclasses.replace(
        cur,
        year=2023,
        personnel=630.67,
        public=46.41,
        project_gb=22.27,
        items=items,
        carryover_begin=1.42,
        other_carryover_end=0.07,
        vehicle_operation=7.41,
        procurement_goods=2.80,
        procurement_services=10.20,
        sme_share=60.0,
        budget_initial=690.12,
        staff=49,
    )


def seed002_2023(name: str = "中共乌鲁木齐市委员会组织部") -> Model:
    """income_total 2582.72+276.13=2858.85; fiscal 2417.96+336.20=2754.16; general budget
    2417.96+325.04=2743.00 (so 11.16 政府性基金); 三公 8.07+8.79=16.86; 机关运行经费
    133.47+26.55=160.02; 在职 90+9=99."""
    org = "组织事务"
    return Model(
        department=name,
        year=2023,
        personnel=1678.14,
        public=160.02,
        project_gb=904.84,
        items=[
            Item(GPS, org, "行政运行", 1367.82),
            Item(GPS, org, "一般行政管理事务", 547.87, project=True),
            Item(GPS, org, "事业运行", 289.90),
            Item(GPS, org, "其他组织事务支出", 356.97, project=True),
            Item("科学技术支出", "其他科学技术支出", "其他科学技术支出", 0.00, project=True),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 166.72),
            Item(SOC, PEN, "机关事业单位职业年金缴费支出", 13.71),
        ],
        gov_fund=11.16,
        gov_fund_items=[
            Item(
                "其他支出",
                "其他政府性基金及对应专项债务收入安排的支出",
                "其他政府性基金安排的支出",
                11.16,
                project=True,
            )
        ],
        other_income=104.69,
        vehicle_operation=16.86,
        procurement_goods=18.40,
        procurement_services=3.10,
        sme_share=100.0,
        budget_initial=3020.00,
        staff=99,
        vehicles=5,
    )


OFFICE = "政府办公厅（室）及相关机构事务"


def seed003_2024(name: str = "乌鲁木齐市人民政府办公室") -> Model:
    return Model(
        department=name,
        year=2024,
        personnel=2644.72,
        public=281.39,
        project_gb=667.54,
        items=[
            Item(GPS, OFFICE, "行政运行", 2057.91),
            Item(GPS, OFFICE, "一般行政管理事务", 667.54, project=True),
            Item(GPS, OFFICE, "事业运行", 506.13),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 268.64),
            Item(SOC, PEN, "机关事业单位职业年金缴费支出", 93.43),
        ],
        other_income=59.65,
        overseas=12.80,
        vehicle_operation=89.56,
        procurement_goods=34.15,
        procurement_services=30.10,
        sme_share=38.40,
        budget_initial=3865.46,
        staff=140,
        vehicles=36,
    )


def seed003_2023(name: str = "乌鲁木齐市人民政府办公室") -> Model:
    """income_total 3653.30+23053.86=26707.16; fiscal 3593.65+19305.44=22899.09; general
    budget 3593.65+17734.06=21327.71; 政府性基金 0+192.47; so 年末财政拨款结转 1378.91;
    三公 102.36+118.68=221.04 (出国 0, 车 147.33, 接待 73.71); 机关运行经费 2041.67."""
    return Model(
        department=name,
        year=2023,
        personnel=5951.85,
        public=2041.67,
        project_gb=13334.19,
        items=[
            Item(GPS, OFFICE, "行政运行", 4865.98),
            Item(GPS, OFFICE, "一般行政管理事务", 11327.67, project=True),
            Item(GPS, OFFICE, "信访事务", 212.61, project=True),
            Item(GPS, OFFICE, "事业运行", 2008.82),
            Item(GPS, OFFICE, "其他政府办公厅（室）及相关机构事务支出", 793.91, project=True),
            Item("科学技术支出", "其他科学技术支出", "其他科学技术支出", 1000.00, project=True),
            Item(SOC, PEN, "行政单位离退休", 338.84),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 539.35),
            Item(SOC, PEN, "机关事业单位职业年金缴费支出", 120.37),
            Item(SOC, "抚恤", "死亡抚恤", 120.15),
        ],
        gov_fund=192.47,
        gov_fund_items=[
            Item(
                "城乡社区支出",
                "国有土地使用权出让收入安排的支出",
                "征地和拆迁补偿支出",
                192.47,
                project=True,
            )
        ],
        fiscal_carryover_end=1378.91,
        other_income=3808.07,
        vehicle_operation=147.33,
        reception=73.71,
        procurement_goods=420.50,
        procurement_services=388.20,
        sme_share=41.0,
        budget_initial=21900.00,
        staff=272,
        vehicles=46,
    )


def seed004_2024(name: str = "中共攀枝花市西区区委机构编制委员会办公室") -> Model:
    return Model(
        department=name,
        year=2024,
        personnel=141.84,
        public=12.41,
        project_gb=0.0,
        items=[
            Item(GPS, "其他共产党事务支出", "行政运行", 114.49),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 14.44),
            Item("卫生健康支出", "行政事业单位医疗", "行政单位医疗", 8.28),
            Item("卫生健康支出", "行政事业单位医疗", "公务员医疗补助", 5.18),
            Item("住房保障支出", "住房改革支出", "住房公积金", 11.86),
        ],
        gov_fund=3.35,
        gov_fund_items=[
            Item(
                "城乡社区支出",
                "国有土地使用权出让收入安排的支出",
                "其他国有土地使用权出让收入安排的支出",
                3.35,
                project=True,
            )
        ],
        staff=8,
        vehicles=0,
    )


def seed004_2023(name: str = "中共攀枝花市西区区委机构编制委员会办公室") -> Model:
    """income_total 157.60+37.98=195.58; general budget 154.25+40.06=194.31 (附件1: 194.31
    + 政府性基金 1.27); 机关运行经费 12.41+2.66=15.07; 人员类 179.24 (附件1)."""
    return Model(
        department=name,
        year=2023,
        personnel=179.24,
        public=15.07,
        project_gb=0.0,
        items=[
            Item(GPS, "其他共产党事务支出", "行政运行", 143.51),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 20.02),
            Item("卫生健康支出", "行政事业单位医疗", "行政单位医疗", 9.80),
            Item("卫生健康支出", "行政事业单位医疗", "公务员医疗补助", 6.13),
            Item("住房保障支出", "住房改革支出", "住房公积金", 14.85),
        ],
        gov_fund=1.27,
        gov_fund_items=[
            Item(
                "城乡社区支出",
                "国有土地使用权出让收入安排的支出",
                "其他国有土地使用权出让收入安排的支出",
                1.27,
                project=True,
            )
        ],
        staff=8,
        vehicles=0,
    )


def tongji_2024(name: str = "青川市统计局") -> Model:
    return Model(
        department=name,
        year=2024,
        personnel=812.40,
        public=96.35,
        project_gb=145.20,
        items=[
            Item(GPS, "统计信息事务", "行政运行", 773.07),
            Item(GPS, "统计信息事务", "统计抽样调查", 145.20, project=True),
            Item(SOC, PEN, "机关事业单位基本养老保险缴费支出", 77.18),
            Item("住房保障支出", "住房改革支出", "住房公积金", 58.50),
        ],
        vehicle_operation=12.60,
        reception=1.20,
        procurement_goods=20.50,
        procurement_services=35.80,
        sme_share=72.0,
        budget_initial=1040.00,
        staff=62,
        vehicles=3,
    )
