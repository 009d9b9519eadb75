using Amazon.CDK.AWS.Budgets;

namespace LabStack.Guardrails;

/// <summary>Props for <see cref="LabBudget"/>.</summary>
public sealed record LabBudgetProps
{
    /// <summary>Monthly limit in USD.</summary>
    public required int MonthlyUsd { get; init; }

    /// <summary>Who is emailed; empty for a budget without subscribers.</summary>
    public required string AlertEmail { get; init; }
}

/// <summary>
/// A monthly cost budget over the whole account, alerting at 50% and 80% of actual spend and at 100% of
/// forecast spend. Account-wide on purpose: a filter on the lab's tags only sees spend after the tags are
/// activated as cost allocation tags (a manual step that takes up to a day), and a forgotten resource
/// outside the lab is as much a risk to a learner's bill. Budgets cost nothing for the first two per account.
/// </summary>
public sealed class LabBudget : Construct
{
    /// <summary>Alert thresholds: (notification type, percent of the limit).</summary>
    public static IReadOnlyList<(string Type, int Percent)> Thresholds { get; } = [("ACTUAL", 50), ("ACTUAL", 80), ("FORECASTED", 100)];

    public CfnBudget Budget { get; }

    public LabBudget(Construct scope, string id, LabBudgetProps props) : base(scope, id)
    {
        Budget = new CfnBudget(this, "Budget", new CfnBudgetProps
        {
            Budget = new CfnBudget.BudgetDataProperty
            {
                BudgetType = "COST",
                TimeUnit = "MONTHLY",
                BudgetLimit = new CfnBudget.SpendProperty { Amount = props.MonthlyUsd, Unit = "USD" },
            },
            NotificationsWithSubscribers = string.IsNullOrEmpty(props.AlertEmail)
                ? null
                : Thresholds.Select(t => (object)new CfnBudget.NotificationWithSubscribersProperty
                {
                    Notification = new CfnBudget.NotificationProperty
                    {
                        NotificationType = t.Type,
                        ComparisonOperator = "GREATER_THAN",
                        Threshold = t.Percent,
                        ThresholdType = "PERCENTAGE",
                    },
                    Subscribers = new object[] { new CfnBudget.SubscriberProperty { SubscriptionType = "EMAIL", Address = props.AlertEmail } },
                }).ToArray(),
        });
    }
}
