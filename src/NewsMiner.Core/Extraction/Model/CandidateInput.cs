using Microsoft.ML.Data;

namespace NewsMiner.Core.Extraction.Model;

/// <summary>One row for any of the extractor's binary decisions: numeric features plus surrounding words.</summary>
internal sealed class CandidateInput
{
    public const int Width = 55;

    public bool Label { get; set; }

    [VectorType(Width)]
    public float[] Numeric { get; set; } = new float[Width];

    public string Context { get; set; } = "";
}

/// <summary>The calibrated output of a binary decision model.</summary>
internal sealed class CandidatePrediction
{
    [ColumnName("PredictedLabel")]
    public bool Predicted { get; set; }

    public float Score { get; set; }

    public float Probability { get; set; }
}
