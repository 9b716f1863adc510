"""The clause classifier: TF-IDF n-grams and a calibrated linear model over passages (issue 5).

Nothing here is imported by the rules pipeline unless a trained model file is present in `models/`.
"""
